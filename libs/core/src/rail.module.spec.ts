// The runnable example of docs/core.md: a whole Rail app in one file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { getRepositoryToken, InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, Repository } from 'typeorm';
import { RailExtension, RailExtensionPoint } from './extension-points/rail-extension.decorator.js';
import { RailExtensions } from './extension-points/rail-extensions.service.js';
import type { QueryScope, ScopeCondition } from './extension-points/query-scope.js';
import { RailModule } from './rail.module.js';
import { Public } from './decorators/public.decorator.js';

@Entity()
@ObjectType()
class Note {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  @Field()
  noteText!: string;
}

@Resolver(() => Note)
class NoteResolver {
  constructor(@InjectRepository(Note) private readonly notes: Repository<Note>) {}

  @Public()
  @Query(() => [Note])
  allNotes(): Promise<Note[]> {
    return this.notes.find({ order: { id: 'ASC' } });
  }
}

@RailExtension(RailExtensionPoint.QueryScope)
class OnlyMine implements QueryScope {
  conditionsFor(): ScopeCondition[] {
    return [{ ownerId: { eq: '7' } }];
  }
}

@Module({ imports: [TypeOrmModule.forFeature([Note])], providers: [NoteResolver, OnlyMine] })
class NotesModule {}

describe('RailModule (the docs/core.md example)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-core-'));
  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        RailModule.forRoot({ database: { sqlitePath: join(directory, 'notes.sqlite') } }),
        NotesModule,
      ],
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

  it('serves a hand-written resolver over an entity, with snake_case columns in the embedded database', async () => {
    const notes = app.get<Repository<Note>>(getRepositoryToken(Note), { strict: false });
    await notes.save({ noteText: 'first' });
    const columns = await notes.query<{ name: string }[]>(`SELECT name FROM pragma_table_info('note')`);
    expect(columns.map((column) => column.name)).toEqual(['id', 'note_text']);
    const response = await request(app.getHttpServer())
      .post('/graphql')
      .send({ query: '{ allNotes { id noteText } }' })
      .expect(200);
    expect(response.body).toEqual({ data: { allNotes: [{ id: '1', noteText: 'first' }] } });
  });

  it('finds extensions declared in any module of the app', async () => {
    const conditions = await app
      .get(RailExtensions)
      .scopeConditions({ principal: undefined, model: 'Note', operation: 'list' });
    expect(conditions).toEqual([{ ownerId: { eq: '7' } }]);
  });
});
