// The module's start-up: options from code or a factory, and a bad option refused with the key, the value and what is expected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PermissionChecker, RailModule } from '@rail/core';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RailRbacModule } from './rail-rbac.module.js';

@Entity()
class Member {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'simple-json' })
  roles!: string[];

  @Column({ type: 'int', nullable: true })
  companyId!: number | null;
}

const principal = { userId: '1', companyId: null, roles: ['editor'], authMethods: [] };

describe('RailRbacModule', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-rbac-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function compile(rbac: DynamicModule) {
    @Module({
      imports: [
        RailModule.forRoot({ entities: [Member], database: { sqlitePath: join(directory, 'rbac.sqlite') } }),
        rbac,
      ],
    })
    class AppModule {}
    return Test.createTestingModule({ imports: [AppModule] }).compile();
  }

  it('takes its options from a factory when the app starts', async () => {
    const app = await compile(
      RailRbacModule.forRootAsync({
        useFactory: () => ({
          userEntity: Member,
          config: { roles: { viewer: { permissions: ['memo.view'] }, editor: { inherits: ['viewer'] } } },
        }),
      }),
    );
    const checker = app.get(PermissionChecker);
    expect(checker.hasRole(principal, ['viewer'])).toBe(true);
    expect(checker.hasPermission(principal, 'memo.view')).toBe(true);
    await app.close();
  });

  it('stops start-up on a bad option, naming the key, the value received and what is expected', async () => {
    const failure: unknown = await compile(
      RailRbacModule.forRoot({
        userEntity: 'Member' as never,
        mode: 'strict' as 'shadow',
        models: { Member: { entity: Member, tenant: 'company id' } },
      }),
    ).then(
      () => new Error('expected start-up to fail'),
      (error: unknown) => error,
    );
    expect((failure as Error).message.split('\n')).toEqual([
      'Invalid RailRbacModule options:',
      '  - "models.Member.tenant": expected a property path such as companyId or order.companyId, received "company id"',
      '  - "userEntity": expected the user entity class, received "Member"',
      '  - "mode": Invalid option: expected one of "enforce"|"shadow", received "strict"',
    ]);
  });
});
