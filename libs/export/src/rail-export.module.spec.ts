// The module's options: `storage` next to useFactory (a definition-time option), validated with the rest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type DynamicModule, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RailModule } from '@rail/core';
import { RailSchemaModule } from '@rail/schema';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { EXPORT_STORAGE, type ExportStorage, LocalDiskExportStorage } from './export-storage.js';
import { RailExportModule } from './rail-export.module.js';
import type { ResolvedExportOptions } from './rail-export.options.js';

@Entity()
class Ledger {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  title!: string;
}

/** Object storage stand-in: remembers the options it was made from. */
class MemoryStorage implements ExportStorage {
  constructor(readonly options: ResolvedExportOptions) {}
  writer(): NodeJS.WritableStream {
    return new PassThrough();
  }
  reader(): NodeJS.ReadableStream {
    return new PassThrough();
  }
  async remove(): Promise<void> {}
}

describe('RailExportModule', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-export-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function compile(exports: DynamicModule) {
    @Module({
      imports: [
        RailModule.forRoot({
          entities: [Ledger],
          database: { sqlitePath: join(directory, 'export.sqlite') },
        }),
        RailSchemaModule.forRoot({ entities: [Ledger] }),
        exports,
      ],
    })
    class AppModule {}
    return Test.createTestingModule({ imports: [AppModule] }).compile();
  }

  it('makes its storage with the function given next to useFactory, from the resolved options', async () => {
    const app = await compile(
      RailExportModule.forRootAsync({
        storage: (options) => new MemoryStorage(options),
        useFactory: () => ({ maxRows: 500 }),
      }),
    );
    const storage = app.get<ExportStorage>(EXPORT_STORAGE);
    expect(storage).toBeInstanceOf(MemoryStorage);
    expect((storage as MemoryStorage).options.maxRows).toBe(500);
    await app.close();
  });

  it('keeps local disk without one', async () => {
    const app = await compile(RailExportModule.forRoot({ storageDirectory: join(directory, 'files') }));
    expect(app.get(EXPORT_STORAGE)).toBeInstanceOf(LocalDiskExportStorage);
    await app.close();
  });

  it('stops start-up on a storage that is not a function, and never prints the signing secret', async () => {
    const failure: unknown = await compile(
      RailExportModule.forRootAsync({
        storage: 's3://bucket' as never,
        useFactory: () => ({ signingSecret: 'too-short-to-sign' }),
      }),
    ).then(
      () => new Error('expected start-up to fail'),
      (error: unknown) => error,
    );
    expect((failure as Error).message.split('\n')).toEqual([
      'Invalid RailExportModule options:',
      '  - "signingSecret": Too small: expected string to have >=32 characters, received a 17-character string (secret, not shown)',
      '  - "storage": expected a function of the options that returns an ExportStorage, received "s3://bucket"',
    ]);
  });
});
