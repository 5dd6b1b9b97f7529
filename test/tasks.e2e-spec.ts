import { Injectable, Module } from '@nestjs/common';
import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated, RailError, RailErrorCode } from '@rail/core';
import { TaskHandler, TaskRun, TaskService, type TaskContext } from '@rail/tasks';
import { GraphQLJSON } from 'graphql-scalars';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';
import { testServices } from './support/services.js';

/** Why each `test.watch` run was stopped, by task id. */
const stopReasons = new Map<string, string>();

/** Handlers only these tests need: each shows one behaviour of a backend. */
@Injectable()
class TestTasks {
  @TaskHandler('test.watch')
  async watch(_: unknown, context: TaskContext): Promise<string> {
    await context.progress(10);
    await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
    stopReasons.set(context.taskId, (context.signal.reason as Error).name);
    return 'stopped';
  }

  @TaskHandler('test.echo')
  async echo(payload: unknown, context: TaskContext): Promise<unknown> {
    await context.progress(50);
    return { echoed: payload, attempt: context.attempt };
  }

  @TaskHandler('test.failing')
  failing(): never {
    // Internals a client must never see in `task.error`.
    throw new Error('connect ECONNREFUSED 10.1.2.3:5432 password=hunter2');
  }

  @TaskHandler('test.flaky')
  flaky(_: unknown, context: TaskContext): unknown {
    if (context.attempt < 3)
      throw new RailError(RailErrorCode.CONFLICT, `Not yet (attempt ${context.attempt})`);
    return { attempt: context.attempt };
  }

  @TaskHandler('test.wait')
  async wait(_: unknown, context: TaskContext): Promise<string> {
    await context.progress(10);
    await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
    return 'stopped';
  }
}

/** Enqueues as the signed-in user, as an app's own mutation would. */
@Authenticated()
@Resolver()
class TestTaskResolver {
  constructor(private readonly tasks: TaskService) {}

  @Mutation(() => ID)
  enqueueTestTask(
    @Args('name') name: string,
    @Args('payload', { type: () => GraphQLJSON, nullable: true }) payload: unknown,
    @Args('retries', { type: () => Int, nullable: true }) retries?: number,
    @Args('delay', { type: () => Int, nullable: true }) delay?: number,
    @Args('key', { nullable: true }) key?: string,
    @Args('timeout', { type: () => Int, nullable: true }) timeout?: number,
  ): Promise<string> {
    return this.tasks.enqueue(name, payload, {
      retries: retries ?? 0,
      delay: delay ?? 0,
      timeout: timeout ?? undefined,
      backoff: { type: 'fixed', delayMs: 20 },
      idempotencyKey: key,
    });
  }
}

@Module({ providers: [TestTasks, TestTaskResolver] })
class TestTasksModule {}

const ENQUEUE = `mutation($name: String!, $payload: JSON, $retries: Int, $delay: Int, $key: String, $timeout: Int) {
  enqueueTestTask(name: $name, payload: $payload, retries: $retries, delay: $delay, key: $key, timeout: $timeout)
}`;
const TASK = `query($id: ID!) { task(id: $id) { id name status progress result error attempts maxAttempts createdBy companyId } }`;

interface TaskView {
  id: string;
  status: string;
  progress: number;
  result: unknown;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  createdBy: string | null;
  companyId: string | null;
}

const backends = ['inline', ...(testServices().redisUrl ? ['redis'] : [])];

describe.each(backends)('background tasks on the %s backend', (backend) => {
  let store: StoreApp;
  let db: DataSource;
  const env = { RAIL_TASK_BACKEND: backend };
  const start = (database?: StoreApp['database']) =>
    startStoreApp({ redis: true, env, imports: [TestTasksModule], ...(database ? { database } : {}) });

  async function enqueue(
    name: string,
    variables: { payload?: unknown; retries?: number; delay?: number; key?: string; timeout?: number } = {},
    headers?: Record<string, string>,
  ): Promise<string> {
    const response = await store.graphql(ENQUEUE, { name, ...variables }, headers);
    expect(response.body.errors).toBeUndefined();
    return response.body.data.enqueueTestTask as string;
  }

  async function task(id: string, headers?: Record<string, string>): Promise<TaskView | null> {
    const response = await store.graphql(TASK, { id }, headers);
    expect(response.body.errors).toBeUndefined();
    return response.body.data.task as TaskView | null;
  }

  /** Polls `task(id)` until it satisfies `done` (10 s at most). */
  async function until(id: string, done: (view: TaskView) => boolean): Promise<TaskView> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const view = await task(id);
      if (view && done(view)) return view;
      if (Date.now() > deadline) throw new Error(`Task ${id} never got there: ${JSON.stringify(view)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    store = await start();
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  it('runs a task to SUCCEEDED with its progress and result', async () => {
    expect(store.app.get(TaskService).backendKind).toBe(backend);
    const id = await enqueue('test.echo', { payload: { hello: 'world' } });
    const done = await until(id, (view) => view.status === 'SUCCEEDED');
    expect(done).toMatchObject({ progress: 100, attempts: 1, error: null, companyId: '1' });
    expect(done.result).toEqual({ echoed: { hello: 'world' }, attempt: 1 });
    expect(done.createdBy).not.toBeNull();
  });

  it('runs the sample sales report with progress, and its numbers match the database', async () => {
    const started = await store.graphql(`mutation { generateSalesReport(year: 2025) { id status } }`);
    expect(started.body.errors).toBeUndefined();
    const { id } = started.body.data.generateSalesReport as { id: string };
    const done = await until(id, (view) => view.status === 'SUCCEEDED');
    const report = done.result as {
      months: Array<{ orders: number; revenue: string }>;
      orders: number;
      revenue: string;
    };
    expect(report.months).toHaveLength(12);
    const postgres = db.options.type === 'postgres';
    const [expected] = await db.query<Array<{ orders: string | number; cents: string | number | null }>>(
      `SELECT COUNT(*) AS orders, CAST(ROUND(SUM(total_amount) * 100) AS INTEGER) AS cents FROM customer_order
        WHERE company_id = 1 AND created_at >= ${postgres ? "'2025-01-01T00:00:00Z'" : "'2025-01-01'"}
          AND created_at < ${postgres ? "'2026-01-01T00:00:00Z'" : "'2026-01-01'"}`,
    );
    expect(report.orders).toBeGreaterThan(0);
    expect(report.orders).toBe(Number(expected.orders));
    expect(Math.round(Number(report.revenue) * 100)).toBe(Number(expected.cents ?? 0));
  });

  it('retries a failing task, then marks it FAILED with a masked error', async () => {
    const id = await enqueue('test.failing', { retries: 2 });
    const failed = await until(id, (view) => view.status === 'FAILED');
    expect(failed).toMatchObject({ attempts: 3, maxAttempts: 3 });
    expect(failed.error).toMatch(/^The task failed/);
    expect(failed.error).not.toMatch(/10\.1\.2\.3|hunter2|ECONNREFUSED/);
  });

  it('fails an attempt that runs out of time, and tells the handler', async () => {
    const id = await enqueue('test.wait', { timeout: 300 });
    const failed = await until(id, (view) => view.status === 'FAILED');
    expect(failed).toMatchObject({ attempts: 1, error: 'The task ran out of time after 300 ms' });
  });

  it('succeeds on a later attempt when an earlier one failed', async () => {
    const id = await enqueue('test.flaky', { retries: 3 });
    const done = await until(id, (view) => view.status === 'SUCCEEDED');
    expect(done).toMatchObject({ attempts: 3, result: { attempt: 3 } });
  });

  it('shows a task to its owner and the company admin only, over GraphQL and REST', async () => {
    const id = await enqueue('test.echo', { payload: 'mine' });
    await until(id, (view) => view.status === 'SUCCEEDED');
    const colleague = await store.fullSession('support@acme.example');
    const rival = await store.fullSession('catalog_admin@globex.example');
    expect(await task(id, colleague)).toBeNull();
    expect(await task(id, rival)).toBeNull();
    const admin = await store.fullSession('admin@acme.example');
    expect((await task(id, admin))?.status).toBe('SUCCEEDED');

    const rest = (headers: Record<string, string>) =>
      request(store.app.getHttpServer()).get(`/api/v1/tasks/${id}`).set(headers);
    const owner = await store.signIn('catalog_admin@acme.example');
    const own = await rest({ authorization: `Bearer ${owner.accessToken}` });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id, status: 'SUCCEEDED', progress: 100 });
    expect(own.body.payload).toBeUndefined();
    expect((await rest(colleague)).status).toBe(404);
    expect((await rest({})).status).toBe(401);
  });

  it('cancels a running task (its handler is told) and a pending one at once', async () => {
    const running = await enqueue('test.wait');
    await until(running, (view) => view.status === 'RUNNING' && view.progress === 10);
    const colleague = await store.fullSession('support@acme.example');
    const refused = await store.graphql(
      `mutation($id: ID!) { cancelTask(id: $id) { ok errors { code } } }`,
      { id: running },
      colleague,
    );
    expect(refused.body.data.cancelTask).toEqual({ ok: false, errors: [{ code: 'NOT_FOUND' }] });
    const cancel = await store.graphql(`mutation($id: ID!) { cancelTask(id: $id) { ok task { status } } }`, {
      id: running,
    });
    expect(cancel.body.data.cancelTask.ok).toBe(true);
    expect(await until(running, (view) => view.status !== 'RUNNING')).toMatchObject({ status: 'CANCELLED' });

    const pending = await enqueue('test.echo', { delay: 60_000 });
    const cancelled = await store.graphql(
      `mutation($id: ID!) { cancelTask(id: $id) { ok task { status } } }`,
      {
        id: pending,
      },
    );
    expect(cancelled.body.data.cancelTask).toEqual({ ok: true, task: { status: 'CANCELLED' } });
    const again = await store.graphql(`mutation($id: ID!) { cancelTask(id: $id) { ok } }`, { id: pending });
    expect(again.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('stops a runner whose task another instance took over, and lets it write nothing', async () => {
    const id = await enqueue('test.watch');
    await until(id, (view) => view.status === 'RUNNING' && view.progress === 10);
    // As after this instance stalled past its lease: another one claimed the row.
    const runs = db.getRepository(TaskRun);
    const later = new Date(Date.now() + 3_600_000);
    await runs.update(id, { leaseOwner: 'another-instance', leaseExpiresAt: later, progress: 55 });
    const deadline = Date.now() + 5_000;
    while (!stopReasons.has(id) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopReasons.get(id)).toBe('TaskLeaseLost');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const row = await runs.findOneByOrFail({ id });
    expect(row).toMatchObject({ status: 'RUNNING', leaseOwner: 'another-instance', progress: 55 });
    await runs.update(id, { status: 'FAILED', leaseOwner: null });
  });

  it('gives back the same task for the same idempotency key, and refuses unknown task names', async () => {
    const first = await enqueue('test.echo', { key: 'nightly-2026-11-23' });
    expect(await enqueue('test.echo', { key: 'nightly-2026-11-23' })).toBe(first);
    const unknown = await store.graphql(ENQUEUE, { name: 'test.nope' });
    expect(unknown.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('runs a task that was still pending at shutdown after a restart', async () => {
    const id = await enqueue('test.echo', { payload: 'survives', delay: 1500 });
    expect((await task(id))?.status).toBe('PENDING');
    const database = store.database;
    await store.close({ keepDatabase: true });
    store = await start(database);
    db = store.app.get(DataSource);
    const done = await until(id, (view) => view.status === 'SUCCEEDED');
    expect(done.result).toEqual({ echoed: 'survives', attempt: 1 });
  });
});
