// The runnable example of docs/observability.md: an app with the observability library and a query of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { Public, RailModule } from '@rail/core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RailObservabilityModule } from './rail-observability.module.js';

const METRICS_TOKEN = 'a-long-random-scrape-token';

@Resolver()
class AnswerResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Query(() => Number)
  async answer(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>('SELECT 42 AS n');
    return row.n;
  }
}

describe('RailObservabilityModule (the docs/observability.md example)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-observability-'));
  const lines: string[] = [];
  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        RailModule.forRoot({ database: { sqlitePath: join(directory, 'app.sqlite') } }),
        RailObservabilityModule.forRoot({
          // Standard output when no destination is given; here the lines are kept for the test.
          logs: { level: 'info', destination: { write: (line: string) => lines.push(line) } },
          metrics: { token: METRICS_TOKEN },
        }),
      ],
      providers: [AnswerResolver],
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

  it('logs the request as one JSON line with its id, operation, status and duration', async () => {
    await request(app.getHttpServer())
      .post('/graphql')
      .set('X-Request-ID', 'example-1')
      .send({ query: 'query Answer { answer }' })
      .expect(200, { data: { answer: 42 } });
    const line = lines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === 'example-1');
    expect(line).toMatchObject({
      level: 'info',
      route: '/graphql',
      res: { statusCode: 200 },
      graphql: { operation: 'Answer', type: 'query', outcome: 'success', errorCodes: [] },
      msg: 'POST /graphql 200',
    });
    expect(line?.durationMs).toEqual(expect.any(Number));
  });

  it('serves /metrics to the bearer of the token only', async () => {
    await request(app.getHttpServer()).get('/metrics').expect(401);
    const response = await request(app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(response.text).toContain(
      'rail_graphql_operations_total{operation="Answer",type="query",outcome="success"} 1',
    );
    expect(response.text).toMatch(/rail_sql_statements_total\{outcome="ok"\} [1-9]/);
    expect(response.text).toContain(
      'rail_http_requests_total{method="POST",route="/graphql",status="200"} 1',
    );
  });
});
