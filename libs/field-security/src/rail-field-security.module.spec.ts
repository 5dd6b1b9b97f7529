// Row conditions ("the owner may read") on a small app of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
  Injectable,
  Module,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { RailExtensions, RailModule, RequestContext } from '@rail/core';
import { RailSchemaModule } from '@rail/schema';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FieldPolicy } from './field-policy.decorator.js';
import { FieldVisibility } from './field-visibility.service.js';
import { RailFieldSecurityModule } from './rail-field-security.module.js';

@Entity()
class Memo {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  ownerId!: string;

  @FieldPolicy({
    read: {
      roles: ['boss'],
      row: { requires: ['ownerId'], allows: (principal, row) => row.ownerId === principal.userId },
    },
  })
  @Column({ type: 'varchar', length: 100 })
  body!: string;
}

/** Stands in for authentication: the principal comes from test headers. */
@Injectable()
class HeaderPrincipal implements CanActivate {
  constructor(private readonly context: RequestContext) {}
  canActivate(execution: ExecutionContext): boolean {
    const headers = GqlExecutionContext.create(execution).getContext<{
      req: { headers: Record<string, string> };
    }>().req.headers;
    this.context.setPrincipal({
      userId: headers['x-user'],
      companyId: null,
      roles: (headers['x-roles'] ?? '').split(','),
      authMethods: [],
    });
    return true;
  }
}

describe('field policies with a condition on the row', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-fields-'));
  let app: INestApplication;
  const as =
    (user: string, roles = '') =>
    (query: string) =>
      request(app.getHttpServer()).post('/graphql').set({ 'x-user': user, 'x-roles': roles }).send({ query });

  beforeAll(async () => {
    @Module({
      imports: [
        RailModule.forRoot({ entities: [Memo], database: { sqlitePath: join(directory, 'memo.sqlite') } }),
        RailSchemaModule.forRoot({ entities: [Memo] }),
        RailFieldSecurityModule.forRootAsync({
          // No `models`: the policies are read from every model of the registry.
          useFactory: () => ({
            checks: {
              hasRole: (principal, role) => principal.roles.includes(role),
              hasPermission: () => false,
            },
          }),
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: HeaderPrincipal }],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    // Row conditions are for reads: writing the field takes the role.
    await as(
      'u9',
      'boss',
    )(
      'mutation { a: createMemo(input: { ownerId: "u1", body: "mine" }) { ok } b: createMemo(input: { ownerId: "u2", body: "theirs" }) { ok } }',
    ).expect(200);
  });
  afterAll(async () => {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('shows the value to the owner, row by row, even when the owner field is not selected', async () => {
    const response = await as('u1')('{ memos(orderBy: [{ id: ASC }]) { id body } }').expect(200);
    expect(response.body.data.memos).toEqual([
      { id: '1', body: 'mine' },
      { id: '2', body: null },
    ]);
    expect(response.body.extensions.withheldFields).toEqual({ masked: [], hidden: ['memos.1.body'] });
  });

  it('shows every value to a role that reads in clear', async () => {
    const response = await as('u9', 'boss')('{ memos(orderBy: [{ id: ASC }]) { body } }').expect(200);
    expect(response.body.data.memos).toEqual([{ body: 'mine' }, { body: 'theirs' }]);
  });

  it('refuses filtering by the field to those who read it only row by row (no oracle)', async () => {
    const response = await as('u1')('{ memos(where: { body: { eq: "theirs" } }) { id } }').expect(200);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Memo.body' });
  });

  it('a rule on the row also decides writes: the owner may change their own memo only', async () => {
    const own = await as('u1')(
      'mutation { updateMemo(id: "1", input: { body: "mine, edited" }) { ok } }',
    ).expect(200);
    expect(own.body.data.updateMemo).toEqual({ ok: true });
    const other = await as('u1')(
      'mutation { updateMemo(id: "2", input: { body: "defaced" }) { ok } }',
    ).expect(200);
    expect(other.body.errors[0]).toMatchObject({
      message: 'You may not write Memo.body',
      extensions: { code: 'FORBIDDEN' },
    });
    const check = await as('u9', 'boss')('{ memos(orderBy: [{ id: ASC }]) { body } }').expect(200);
    expect(check.body.data.memos).toEqual([{ body: 'mine, edited' }, { body: 'theirs' }]);
  });

  it('contributes the policed fields to the model metadata', () => {
    const contributor = app
      .get(RailExtensions)
      .metadataContributors.find((candidate) => candidate.key === 'fieldSecurity');
    expect(
      contributor?.contribute({
        name: 'Memo',
        tableName: 'memo',
        target: Memo,
        fields: ['id', 'ownerId', 'body'],
      }),
    ).toEqual({
      fields: { body: { classification: null } },
    });
  });

  it('gives other paths the same row-by-row answer', () => {
    const visibility = app.get(FieldVisibility);
    const principal = { userId: 'u1', companyId: null, roles: [], authMethods: [] };
    expect(visibility.project(principal, 'Memo', { ownerId: 'u1', body: 'mine' })).toEqual({
      ownerId: 'u1',
      body: 'mine',
    });
    expect(visibility.project(principal, 'Memo', { ownerId: 'u2', body: 'theirs' })).toEqual({
      ownerId: 'u2',
      body: null,
    });
  });
});

describe('RailFieldSecurityModule without anything to ask about roles', () => {
  it('does not start: a field policy nobody can decide would be open or shut by accident', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'rail-fields-'));
    @Module({
      imports: [
        RailModule.forRoot({ entities: [Memo], database: { sqlitePath: join(directory, 'memo.sqlite') } }),
        RailSchemaModule.forRoot({ entities: [Memo] }),
        RailFieldSecurityModule.forRootAsync({ useFactory: () => ({}) }),
      ],
    })
    class AppModule {}
    try {
      await expect(Test.createTestingModule({ imports: [AppModule] }).compile()).rejects.toThrow(
        /Memo\.body has a field policy, but nothing answers for roles and permissions: import RailRbacModule/,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('RailFieldSecurityModule options', () => {
  it('stops start-up on a bad option, naming the key, the value received and what is expected', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'rail-fields-'));
    @Module({
      imports: [
        RailModule.forRoot({ entities: [Memo], database: { sqlitePath: join(directory, 'memo.sqlite') } }),
        RailSchemaModule.forRoot({ entities: [Memo] }),
        RailFieldSecurityModule.forRootAsync({
          useFactory: () => ({
            writeMode: 'drop' as 'strip',
            classifications: { pii: { mask: 42 as unknown as string, read: { roles: ['boss'] } } },
            checks: { hasRole: () => true } as never,
          }),
        }),
      ],
    })
    class AppModule {}
    try {
      const failure: unknown = await Test.createTestingModule({ imports: [AppModule] })
        .compile()
        .then(
          () => new Error('expected start-up to fail'),
          (error: unknown) => error,
        );
      expect((failure as Error).message.split('\n')).toEqual([
        'Invalid RailFieldSecurityModule options:',
        '  - "classifications.pii.mask": expected a text or a function of the value, received 42',
        '  - "writeMode": Invalid option: expected one of "reject"|"strip", received "drop"',
        '  - "checks": expected { hasRole(principal, role), hasPermission(principal, permission) }, received an object',
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
