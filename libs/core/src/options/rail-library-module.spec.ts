import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { RailConfigurationError } from './rail-configuration.error.js';
import { railLibraryModule } from './rail-library-module.js';

// A library of its own, declared as every Rail library declares its module.
const WIDGET_OPTIONS = Symbol('WIDGET_OPTIONS');

const widgetOptionsSchema = z.strictObject({
  size: z.number().int().min(1).max(10).default(3),
  apiToken: z.string().min(16).optional(),
  /** Needed when the module is declared: the name of a provider it adds. */
  channel: z
    .string()
    .regex(/^[a-z]+$/, { message: 'expected lower-case letters' })
    .optional(),
});

type WidgetOptions = z.input<typeof widgetOptionsSchema>;

interface ResolvedWidgetOptions {
  readonly size: number;
  readonly area: number;
  readonly apiToken?: string;
}

@Injectable()
class WidgetService {
  constructor(@Inject(WIDGET_OPTIONS) readonly options: ResolvedWidgetOptions) {}
}

let resolveCalls = 0;

@Module({})
class WidgetModule extends railLibraryModule({
  name: 'WidgetModule',
  schema: widgetOptionsSchema,
  optionsToken: WIDGET_OPTIONS,
  factoryMethodName: 'createWidgetOptions',
  definitionKeys: ['channel'],
  resolve: (options): ResolvedWidgetOptions => {
    resolveCalls += 1;
    return { ...options, area: options.size * options.size };
  },
  module: ({ channel }) => ({
    providers: [WidgetService, { provide: `channel:${channel ?? 'none'}`, useValue: channel ?? 'none' }],
    exports: [WidgetService, `channel:${channel ?? 'none'}`],
  }),
}) {}

// Configuration from elsewhere in the app, as a ConfigService would give it.
@Injectable()
class WidgetSettings {
  readonly size = 7;

  createWidgetOptions(): Promise<WidgetOptions> {
    return Promise.resolve({ size: this.size });
  }
}

@Module({ providers: [WidgetSettings], exports: [WidgetSettings] })
class SettingsModule {}

// Injects the library's service without importing its module: the module is global.
@Injectable()
class Consumer {
  constructor(readonly widgets: WidgetService) {}
}

@Module({ providers: [Consumer] })
class ConsumerModule {}

async function start(library: ReturnType<typeof WidgetModule.forRoot>) {
  const app = await Test.createTestingModule({ imports: [library, ConsumerModule] }).compile();
  return { app, options: app.get(Consumer).widgets.options };
}

async function startupFailure(library: ReturnType<typeof WidgetModule.forRoot>): Promise<Error> {
  return Test.createTestingModule({ imports: [library] })
    .compile()
    .then(
      () => new Error('expected start-up to fail'),
      (error: Error) => error,
    );
}

describe('railLibraryModule', () => {
  it('forRoot: the options in code, validated, defaulted and resolved, for the whole app', async () => {
    const { app, options } = await start(WidgetModule.forRoot({ size: 4 }));
    expect(options).toEqual({ size: 4, area: 16 });
    await app.close();
    const defaults = await start(WidgetModule.forRoot());
    expect(defaults.options).toEqual({ size: 3, area: 9 });
    await defaults.app.close();
  });

  it('forRootAsync with useFactory and inject: the options when the app starts, resolved once', async () => {
    resolveCalls = 0;
    const { app, options } = await start(
      WidgetModule.forRootAsync({
        imports: [SettingsModule],
        inject: [WidgetSettings],
        useFactory: (settings: WidgetSettings) => ({ size: settings.size - 1 }),
      }),
    );
    expect(options).toEqual({ size: 6, area: 36 });
    expect(resolveCalls).toBe(1);
    await app.close();
  });

  it('forRootAsync with useClass: the module instantiates the options class', async () => {
    const { app, options } = await start(WidgetModule.forRootAsync({ useClass: WidgetSettings }));
    expect(options).toEqual({ size: 7, area: 49 });
    await app.close();
  });

  it('forRootAsync with useExisting: the options class of an imported module', async () => {
    const { app, options } = await start(
      WidgetModule.forRootAsync({ imports: [SettingsModule], useExisting: WidgetSettings }),
    );
    expect(options).toEqual({ size: 7, area: 49 });
    await app.close();
  });

  it('takes the definition keys next to useFactory, and in forRoot with the rest', async () => {
    const asynchronous = await Test.createTestingModule({
      imports: [WidgetModule.forRootAsync({ channel: 'alerts', useFactory: () => ({}) })],
    }).compile();
    expect(asynchronous.get('channel:alerts')).toBe('alerts');
    await asynchronous.close();
    const inCode = await Test.createTestingModule({
      imports: [WidgetModule.forRoot({ channel: 'news' })],
    }).compile();
    expect(inCode.get('channel:news')).toBe('news');
    await inCode.close();
  });

  it('stops start-up on a bad option: the key, what is expected, the value received', async () => {
    const error = await startupFailure(WidgetModule.forRootAsync({ useFactory: () => ({ size: 40 }) }));
    expect(error).toBeInstanceOf(RailConfigurationError);
    expect(error.message).toBe(
      'Invalid WidgetModule options:\n  - "size": Too big: expected number to be <=10, received 40',
    );
  });

  it('names every problem at once: wrong types, unknown keys, bad definition keys', async () => {
    const error = await startupFailure(
      WidgetModule.forRoot({ size: 'big', colour: 'red', channel: 'Alerts' } as unknown as WidgetOptions),
    );
    expect(error.message.split('\n')).toEqual([
      'Invalid WidgetModule options:',
      '  - "size": expected number, received "big"',
      '  - "channel": expected lower-case letters, received "Alerts"',
      '  - "colour" is not a known option',
    ]);
  });

  it('reports what a factory left out, and a key of forRootAsync that is not Nest’s', async () => {
    const nothing = await startupFailure(
      WidgetModule.forRootAsync({ useFactory: () => undefined as unknown as WidgetOptions }),
    );
    expect(nothing.message).toBe(
      'Invalid WidgetModule options:\n  - "(root)": expected object, received undefined',
    );
    const typo = await startupFailure(
      WidgetModule.forRootAsync({ useFactory: () => ({}), ...({ inejct: [WidgetSettings] } as object) }),
    );
    expect(typo.message).toContain('"inejct" is not a known option');
  });

  it('refuses forRootAsync without a source of options when the module is declared', () => {
    expect(() => WidgetModule.forRootAsync({ imports: [SettingsModule] })).toThrow(
      new RailConfigurationError('WidgetModule.forRootAsync needs useFactory, useClass or useExisting'),
    );
  });

  it('never prints the value of a secret option it refuses', async () => {
    const error = await startupFailure(WidgetModule.forRoot({ apiToken: 'hunter2-secret' }));
    expect(error.message).toBe(
      'Invalid WidgetModule options:\n  - "apiToken": Too small: expected string to have >=16 characters, received a 14-character string (secret, not shown)',
    );
    expect(error.message).not.toContain('hunter2');
  });
});
