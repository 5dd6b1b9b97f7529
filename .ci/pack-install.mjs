#!/usr/bin/env node
// The libraries as an app outside this repository gets them: every workspace
// packed with `npm pack`, installed into a fresh project in a temporary
// directory (so neither the root's dependencies nor the workspace links can
// stand in for what a manifest forgets), every package imported once, then a
// small app compiled with tsc against the installed packages, started, signed
// in through `login` and asked one query of its generated API.
//
// Needs the libraries built (`npm run build`) and npm's cache (after `npm ci`,
// --prefer-offline installs from it). Usage: node .ci/pack-install.mjs [--keep]
// (--keep leaves the temporary project for a look; a failure always does).
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { appFiles, READER, READER_NOTES, READY } from './pack-install-app.mjs';

const ROOT = join(import.meta.dirname, '..');
const started = Date.now();
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const lockfile = readJson(join(ROOT, 'package-lock.json'));

/** The version this repository installs and tests, so that the project runs on the same ones. */
function lockedVersion(name) {
  const version = lockfile.packages[`node_modules/${name}`]?.version;
  if (!version) fail(`${name} is not in package-lock.json`);
  return version;
}

function fail(message) {
  throw new Error(message);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} failed (exit ${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

// The workspaces (package.json: libs/*), each published on its own.
const libraries = readdirSync(join(ROOT, 'libs'))
  .filter((name) => existsSync(join(ROOT, 'libs', name, 'package.json')))
  .map((name) => ({
    directory: join('libs', name),
    manifest: readJson(join(ROOT, 'libs', name, 'package.json')),
  }));

/** What an app installs beside the libraries: every library's required peers, and what this app itself runs on. */
function projectDependencies(tarballs) {
  const dependencies = {};
  for (const { manifest } of libraries) {
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (name.startsWith('@rail/') || manifest.peerDependenciesMeta?.[name]?.optional) continue;
      dependencies[name] = lockedVersion(name);
    }
  }
  // The embedded database's driver, an optional peer of @rail/core, which this app uses.
  dependencies['better-sqlite3'] = lockedVersion('better-sqlite3');
  for (const [name, file] of Object.entries(tarballs)) dependencies[name] = `file:${file}`;
  return dependencies;
}

function pack(destination) {
  mkdirSync(destination);
  for (const { directory, manifest } of libraries) {
    if (!existsSync(join(ROOT, directory, 'dist', 'index.js')))
      fail(`${manifest.name} is not built: npm run build`);
  }
  const packed = JSON.parse(
    run(
      'npm',
      ['pack', '--workspaces', '--json', '--loglevel=error', '--pack-destination', destination],
      ROOT,
    ),
  );
  return Object.fromEntries(packed.map((entry) => [entry.name, join(destination, entry.filename)]));
}

/** The dependencies with a native addon that npm builds at install time (where a prebuilt one is missing or unusable). */
const NATIVE = ['argon2', 'better-sqlite3'];

/**
 * Installs without running install scripts: none of the libraries has one,
 * and the native builds among their dependencies (argon2's and
 * better-sqlite3's, which this machine compiles: argon2's prebuilt binary
 * crashes here and better-sqlite3's cannot be downloaded) take minutes. Each
 * is the very addon `npm ci` built for this repository at the same version, so
 * it is copied from there; a package at another version is rebuilt.
 */
function install(project, tarballs) {
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify(
      {
        name: 'rail-pack-install-app',
        private: true,
        type: 'module',
        dependencies: projectDependencies(tarballs),
        devDependencies: {
          typescript: lockedVersion('typescript'),
          '@types/node': lockedVersion('@types/node'),
        },
      },
      null,
      2,
    )}\n`,
  );
  run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    project,
  );
  for (const name of NATIVE) {
    const build = join('node_modules', name, 'build', 'Release');
    const installed = readJson(join(project, 'node_modules', name, 'package.json')).version;
    const addons = existsSync(join(ROOT, build))
      ? readdirSync(join(ROOT, build)).filter((file) => file.endsWith('.node'))
      : [];
    if (installed !== lockedVersion(name) || addons.length === 0) {
      run('npm', ['rebuild', name, '--loglevel=error'], project);
      continue;
    }
    mkdirSync(join(project, build), { recursive: true });
    for (const addon of addons) copyFileSync(join(ROOT, build, addon), join(project, build, addon));
  }
}

/** Each library loads on its own in the project: a package it imports and does not declare fails here. */
function importEach(project) {
  const names = libraries.map(({ manifest }) => manifest.name);
  const script = `for (const name of ${JSON.stringify(names)}) {
    try { await import(name); } catch (error) { console.error(name + ': ' + error.message); process.exitCode = 1; }
  }`;
  run(process.execPath, ['--input-type=module', '-e', script], project);
  return names.length;
}

function writeApp(project) {
  for (const [path, content] of Object.entries(appFiles)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), content);
  }
  run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
}

/** Starts the compiled app; resolves with its URL once it listens, with its output if it stops first. */
function startApp(project) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: project,
    env: { ...process.env, NODE_ENV: 'development', JWT_SECRET: 'pack-install-secret-of-at-least-32-bytes' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in 60 s:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const ready = new RegExp(`${READY} (\\S+)`).exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app stopped (exit ${code}) before it listened:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, stop, output: () => output };
}

async function graphql(url, query, variables, token) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) fail(`${query.trim().split('\n')[0]}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Signs in through the `login` mutation and reads the generated `notes` list with the access token. */
async function signedInQuery(url) {
  const login = `mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken }
  }`;
  const { accessToken } = (await graphql(url, login, READER)).login;
  if (!accessToken) fail('login answered no access token');
  const titles = (await graphql(url, '{ notes { title } }', {}, accessToken)).notes.map((note) => note.title);
  if (JSON.stringify(titles.sort()) !== JSON.stringify(READER_NOTES)) {
    fail(
      `notes answered ${JSON.stringify(titles)}, expected ${JSON.stringify(READER_NOTES)} (company 1's only)`,
    );
  }
  return titles.length;
}

async function main() {
  const project = mkdtempSync(join(tmpdir(), 'rail-pack-install-'));
  if (!relative(ROOT, project).startsWith('..'))
    fail(`the project ${project} must be outside the repository`);
  let app;
  try {
    const tarballs = pack(join(project, 'tarballs'));
    install(project, tarballs);
    const imported = importEach(project);
    writeApp(project);
    app = startApp(project);
    const notes = await signedInQuery(await app.url);
    await app.stop();
    const kept = process.argv.includes('--keep');
    if (!kept) rmSync(project, { recursive: true, force: true });
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `pack-install: ${Object.keys(tarballs).length} packages packed and installed outside the repository, ` +
        `${imported} imported, app compiled, signed in and read ${notes} note(s) of its company, in ${seconds} s`,
    );
    if (kept) console.log(`(the project is kept at ${project})`);
  } catch (error) {
    await app?.stop();
    console.error(`pack-install FAILED: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`(the project is kept at ${project})`);
    process.exitCode = 1;
  }
}

await main();
