// The recipe of docs/configuration.md (test/fixtures/config-recipe.ts): the page
// shows the file as it is, the app starts on a valid environment with typed
// values, and a bad variable stops the start with a message naming it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { describeStartupError, RAIL_OPTIONS, type ResolvedRailOptions } from '@rail/core';
import ts from 'typescript';
import type * as Recipe from './fixtures/config-recipe.js';
import { buildStoreApp } from './support/built-store-app.js';

const ROOT = join(import.meta.dirname, '..');
const RECIPE_FILE = 'test/fixtures/config-recipe.ts';
const page = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');

/** The fenced block that follows the sentence naming the recipe's file. */
function recipeBlockOfThePage(): string {
  const after = page.slice(page.indexOf(`This is \`${RECIPE_FILE}\``));
  const match = /```ts\n([\s\S]*?)```/.exec(after);
  if (!match) throw new Error(`docs/configuration.md shows no code after naming ${RECIPE_FILE}`);
  return match[1];
}

let loads = 0;
/**
 * A fresh instance of the recipe's module: ConfigModule validates the
 * environment when the module is loaded, so each environment needs its own.
 */
async function loadRecipe(): Promise<typeof Recipe> {
  return (await import(`./fixtures/config-recipe.js?load=${++loads}`)) as typeof Recipe;
}

/** Runs `start` with these variables set (undefined: unset), then restores the environment as it was. */
async function withEnvironment<T>(variables: Record<string, string | undefined>, start: () => Promise<T>) {
  const before = { ...process.env };
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await start();
  } finally {
    // ConfigModule also writes the validated values (defaults included) into process.env.
    for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
    Object.assign(process.env, before);
  }
}

/** What stopped the recipe's app from starting in this environment. */
async function refusal(variables: Record<string, string | undefined>): Promise<string> {
  const failure: unknown = await withEnvironment(variables, async () => {
    const { bootstrap } = await loadRecipe();
    return bootstrap().then(
      async (app) => {
        await app.close();
        return new Error('expected start-up to fail');
      },
      (error: unknown) => error,
    );
  });
  return describeStartupError(failure);
}

/**
 * The recipe's file as JavaScript, beside a main.mjs that starts it as docs/core.md's
 * main.ts does. Under node_modules/.cache: plain Node resolves the packages from
 * there (the libraries' built dist/), as it does for an app of one's own.
 */
function writeRecipeApp(): string {
  const directory = join(ROOT, 'node_modules/.cache/rail-config-recipe');
  mkdirSync(directory, { recursive: true });
  const { outputText } = ts.transpileModule(readFileSync(join(ROOT, RECIPE_FILE), 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ES2022,
      target: ts.ScriptTarget.ES2023,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  writeFileSync(join(directory, 'config-recipe.mjs'), outputText);
  writeFileSync(
    join(directory, 'main.mjs'),
    [
      "import 'reflect-metadata';",
      "import { describeStartupError } from '@rail/core';",
      "import { bootstrap } from './config-recipe.mjs';",
      'bootstrap().catch((error) => {',
      '  console.error(`The app could not start: ${describeStartupError(error)}`);',
      '  process.exit(1);',
      '});',
    ].join('\n'),
  );
  return join(directory, 'main.mjs');
}

/** Runs `node <entry>` with only these variables; its exit code and standard error. */
async function runNode(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stderr };
}

describe('the @nestjs/config recipe of docs/configuration.md', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-config-recipe-'));
  // Nest's start-up lines and its log of a refused start: the tests read the errors themselves.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('is shown on the page as it is in its file', () => {
    expect(recipeBlockOfThePage()).toBe(readFileSync(join(ROOT, RECIPE_FILE), 'utf8'));
  });

  describe('started on a valid environment', () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      const sqlitePath = join(directory, 'app.sqlite');
      app = await withEnvironment(
        {
          PORT: '0', // any free port
          HOST: '127.0.0.1',
          // The embedded database: this test is about configuration, not PostgreSQL.
          DATABASE_URL: undefined,
          SQLITE_PATH: sqlitePath,
          RAIL_CORS_ORIGINS: 'https://admin.example.com, https://shop.example.com',
          RAIL_STATEMENT_TIMEOUT_MS: '', // as in a copied .env: the default applies
          REDIS_URL: undefined,
        },
        async () => (await loadRecipe()).bootstrap(),
      );
      url = await app.getUrl();
    });
    afterAll(() => app?.close());

    it('listens where the environment says, and serves', async () => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/health/live`);
      expect(response.status).toBe(200);
    });

    it('hands Rail typed values: a list of origins that CORS lets in', async () => {
      const preflight = await fetch(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
      const other = await fetch(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers ConfigService with numbers and lists, defaults for the empty and the unset', () => {
      const config = app.get<ConfigService<Recipe.Environment, true>>(ConfigService);
      expect(config.get('PORT', { infer: true })).toBe(0);
      expect(config.get('RAIL_CORS_ORIGINS', { infer: true })).toEqual([
        'https://admin.example.com',
        'https://shop.example.com',
      ]);
      expect(config.get('DATABASE_URL', { infer: true })).toBeUndefined();
      const options = app.get<ResolvedRailOptions>(RAIL_OPTIONS);
      expect(options.database.statementTimeoutMs).toBe(15_000);
      expect(options.database.sqlitePath).toBe(join(directory, 'app.sqlite'));
    });
  });

  it('refuses a port that is not a number, naming the variable and the value', async () => {
    expect(await refusal({ PORT: 'abc' })).toBe(
      'Invalid environment variables:\n  - "PORT": expected number, received "abc"',
    );
  });

  describe('in a process of its own, as main.ts runs it', () => {
    // Plain Node imports the libraries' dist/ (a full build on a fresh clone takes minutes).
    beforeAll(() => buildStoreApp(), 5 * 60_000);

    it("a refusal reaches main.ts's catch, not Node's unhandled-rejection exit", async () => {
      const { code, stderr } = await runNode(writeRecipeApp(), { PORT: 'abc' });
      expect(code).toBe(1);
      // Nest logs the error first (its ExceptionHandler); main.ts's line is the last word.
      expect(stderr.trimEnd()).toMatch(
        /\nThe app could not start: Invalid environment variables:\n {2}- "PORT": expected number, received "abc"$/,
      );
    });
  });

  it('names every bad variable at once, a URL without its password, as the page shows', async () => {
    const message = await refusal({ PORT: 'abc', DATABASE_URL: 'mysql://app:hunter2@db/shop' });
    expect(message).toBe(
      [
        'Invalid environment variables:',
        '  - "PORT": expected number, received "abc"',
        '  - "DATABASE_URL": expected a postgres:// URL, received "mysql://app:***@db/shop"',
      ].join('\n'),
    );
    // The page's example, indented in its list item.
    expect(page).toContain(`  \`\`\`\n${message.replace(/^/gm, '  ')}\n  \`\`\``);
  });
});
