// Hand-written resolvers next to the generated ones: extending a generated
// type and replacing a generated operation (docs/schema.md, "Your own resolvers").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { Args, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { AuthorizedPerModel, GraphQLModel, modelType, RailModule } from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RailSchemaModule } from './rail-schema.module.js';
import { SchemaRuntime } from './schema.runtime.js';

// `tasks` is left out of the generated operations so that the app can write its own.
@GraphQLModel({ operations: ['retrieve', 'page', 'create'] })
@Entity()
class Task {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'boolean', default: false })
  done!: boolean;
}

@Resolver(() => modelType(Task))
class TaskResolver {
  constructor(private readonly runtime: SchemaRuntime) {}

  /** Replaces the generated list: only open tasks, through the same planner and rules. */
  @AuthorizedPerModel()
  @Query(() => [modelType(Task)])
  tasks(
    @Args('limit', { type: () => Int, defaultValue: 20 }) limit: number,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.runtime.list(
      this.runtime.registry.forEntity(Task),
      { where: { done: { eq: false } }, limit },
      info,
    );
  }

  /** Extends the generated type with a computed field. */
  @ResolveField(() => String)
  shout(@Parent() task: { title?: string }): string {
    return `${task.title ?? ''}!`.toUpperCase();
  }
}

describe('hand-written resolvers beside the generated API', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-schema-'));
  let app: INestApplication;
  const graphql = (query: string) => request(app.getHttpServer()).post('/graphql').send({ query });

  beforeAll(async () => {
    @Module({
      imports: [
        RailModule.forRoot({ entities: [Task], database: { sqlitePath: join(directory, 'tasks.sqlite') } }),
        RailSchemaModule.forRoot({ entities: [Task] }),
      ],
      providers: [TaskResolver],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('replaces a generated operation and extends a generated type', async () => {
    await graphql(
      'mutation { a: createTask(input: { title: "write docs" }) { ok } b: createTask(input: { title: "ship", done: true }) { ok } }',
    ).expect(200);
    const response = await graphql('{ tasks { title shout } taskPage { pageInfo { totalCount } } }').expect(
      200,
    );
    expect(response.body).toEqual({
      data: {
        tasks: [{ title: 'write docs', shout: 'WRITE DOCS!' }],
        taskPage: { pageInfo: { totalCount: 2 } },
      },
    });
  });

  it('leaves out the operations a model does not list', async () => {
    const response = await graphql('mutation { deleteTask(id: "1") { ok } }').expect(400);
    expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
