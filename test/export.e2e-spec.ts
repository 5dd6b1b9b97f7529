import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ExportFileLinks } from '../libs/export/src/export-file-links.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Row = Record<string, unknown>;
type Headers = Record<string, string>;

/** Collects a binary response body (supertest buffers text only). */
function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function readXlsx(body: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('exports', () => {
  let store: StoreApp;
  let db: DataSource;
  const sessions = new Map<string, Headers>();
  const as = async (email: string): Promise<Headers> => {
    if (!sessions.has(email)) sessions.set(email, await store.fullSession(email));
    return sessions.get(email)!;
  };
  const post = (headers: Headers, body: unknown) =>
    request(store.app.getHttpServer())
      .post('/api/v1/export')
      .set(headers)
      .send(body as object);
  const csv = async (headers: Headers, body: Row): Promise<string[][]> => {
    const response = await post(headers, { format: 'csv', ...body });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    return parse(response.text);
  };

  beforeAll(async () => {
    store = await startStoreApp({ redis: true, user: null });
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  /** The ids of each company's customers, read from the database, highest first. */
  const customerIds = async (): Promise<Record<'acme' | 'globex', number[]>> => {
    const rows = await db.query<Row[]>('SELECT id, company_id FROM customer ORDER BY id DESC');
    const of = (company: number) =>
      rows.filter((row) => Number(row.company_id) === company).map((row) => Number(row.id));
    return { acme: of(1), globex: of(2) };
  };
  /**
   * More rows than one tenant holds, highest id first: an export that is not
   * scoped to the caller's tenant returns the other tenant's rows too, whichever
   * end of the id range each company's rows sit at.
   */
  const ACROSS_TENANTS = 300;
  /** The positive control: the other tenant's rows are there to leak, and more than a page of them. */
  const expectBothTenantsBeyondTheCap = (ids: Record<'acme' | 'globex', number[]>): void => {
    expect(ids.acme.length).toBeGreaterThan(0);
    expect(ids.globex.length).toBeGreaterThan(0);
    expect(ids.acme.length).toBeLessThan(ACROSS_TENANTS);
    expect(ids.globex.length).toBeLessThan(ACROSS_TENANTS);
    expect(ids.acme.length + ids.globex.length).toBeGreaterThan(ACROSS_TENANTS);
  };

  describe.each([
    ['catalog_admin@acme.example', 'acme', 'clear'],
    ['admin@acme.example', 'acme', 'clear'],
    ['support@acme.example', 'acme', 'masked'],
    ['sales@acme.example', 'acme', 'masked'],
    ['catalog_admin@globex.example', 'globex', 'clear'],
    ['support@globex.example', 'globex', 'masked'],
  ] as const)('customers exported by %s', (email, company, pii) => {
    it(`are exactly ${company}'s rows, and the values GraphQL shows them, PII ${pii}`, async () => {
      const headers = await as(email);
      const ids = await customerIds();
      expectBothTenantsBeyondTheCap(ids);
      const fields = ['id', 'name', 'email', 'country'];
      const exported = await csv(headers, {
        model: 'Customer',
        fields,
        orderBy: [{ id: 'DESC' }],
        maxRows: ACROSS_TENANTS,
      });
      expect(exported[0]).toEqual(fields);
      // Every row of the tenant's, highest first, and no other: the company of each row from the database.
      expect(exported.slice(1).map((row) => Number(row[0]))).toEqual(ids[company]);

      const shown = await store.graphql(
        `{ customers(orderBy: [{ id: DESC }], limit: 60) { id name email country } }`,
        undefined,
        headers,
      );
      expect(shown.body.errors).toBeUndefined();
      const expected = (shown.body.data.customers as Row[]).map((row) =>
        fields.map((field) => String((row[field] as string | number | null) ?? '')),
      );
      expect(expected).toHaveLength(60);
      expect(exported.slice(1, 61)).toEqual(expected);
      // The emails as this role may see them.
      const emails = exported.slice(1).map((row) => row[2]);
      if (pii === 'masked') expect(emails.every((value) => value.includes('***'))).toBe(true);
      else expect(emails.every((value) => /^[^*]+@[^*]+$/.test(value))).toBe(true);
    });
  });

  it('streams XLSX with relation fields and numbers, the same as GraphQL', async () => {
    const headers = await as('catalog_admin@acme.example');
    const response = await post(headers, {
      model: 'Product',
      format: 'xlsx',
      fields: ['id', { field: 'name', title: 'Product' }, 'price', 'costPrice', 'category.name'],
      orderBy: [{ id: 'ASC' }],
      maxRows: 40,
      filename: 'catalogue 2026',
    })
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="catalogue_2026.xlsx"');
    const rows = await readXlsx(response.body as Buffer);
    expect(rows[0]).toEqual(['id', 'Product', 'price', 'costPrice', 'category.name']);
    const shown = await store.graphql(
      `{ products(orderBy: [{ id: ASC }], limit: 40) { id name price costPrice category { name } } }`,
      undefined,
      headers,
    );
    const expected = (shown.body.data.products as Row[]).map((product) => [
      product.id,
      product.name,
      Number(product.price),
      Number(product.costPrice),
      (product.category as Row).name,
    ]);
    expect(rows.slice(1)).toEqual(expected);
  });

  it('escapes cells that a spreadsheet would run as formulas, in CSV and XLSX', async () => {
    const [customer] = await db.query<Row[]>(
      'SELECT id FROM customer WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    await db.query(
      db.options.type === 'postgres'
        ? 'UPDATE customer SET name = $1 WHERE id = $2'
        : 'UPDATE customer SET name = ? WHERE id = ?',
      ['=HYPERLINK("http://evil.example","click")', customer.id],
    );
    const headers = await as('catalog_admin@acme.example');
    const body = { model: 'Customer', fields: ['id', 'name'], where: { id: { eq: String(customer.id) } } };
    const exported = await csv(headers, body);
    expect(exported[1][1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    const xlsx = await post(headers, { ...body, format: 'xlsx' })
      .buffer(true)
      .parse(binary);
    expect((await readXlsx(xlsx.body as Buffer))[1][1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('refuses without a token (401), without the export permission (403), and bad requests (400) by name', async () => {
    expect((await post({}, { model: 'Customer', format: 'csv', fields: ['id'] })).status).toBe(401);
    const viewer = await as('catalog_viewer@acme.example');
    const forbidden = await post(viewer, { model: 'Customer', format: 'csv', fields: ['id'] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const support = await as('support@acme.example');
    expect((await post(support, { model: 'Product', format: 'csv', fields: ['id'] })).status).toBe(403);

    const cases: Array<[Row, RegExp]> = [
      [{ model: 'Spaceship', format: 'csv', fields: ['id'] }, /model: "Spaceship" cannot be exported/],
      [{ model: 'Category', format: 'csv', fields: ['id'] }, /model: "Category" cannot be exported/],
      [
        { model: 'Customer', format: 'csv', fields: ['id', 'companyId'] },
        /fields\.1: "companyId" is not exportable/,
      ],
      [{ model: 'Customer', format: 'csv', fields: ['id'], maxRows: 1.5 }, /maxRows/],
      [{ model: 'Customer', format: 'pdf', fields: ['id'] }, /format/],
      // Support sees no credit limit: neither as a column nor as a filter.
      [
        { model: 'Customer', format: 'csv', fields: ['id', 'creditLimit'] },
        /fields\.1: you may not read Customer\.creditLimit/,
      ],
      [
        { model: 'Customer', format: 'csv', fields: ['id'], where: { creditLimit: { gt: '100' } } },
        /creditLimit/,
      ],
    ];
    for (const [body, message] of cases) {
      const response = await post(support, body);
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: 'BAD_USER_INPUT',
      });
      expect(response.body.message).toMatch(message);
    }
  });

  it('audits each export: who, model, fields, filter and row count', async () => {
    const headers = await as('catalog_admin@acme.example');
    await csv(headers, {
      model: 'Order',
      fields: ['reference', 'customer.name'],
      where: { status: { eq: 'pending' } },
      maxRows: 5,
    });
    const [event] = await db.query<Row[]>(
      `SELECT * FROM audit_event WHERE event_type = 'export.completed' AND model = 'Order' ORDER BY id DESC LIMIT 1`,
    );
    const details = (typeof event.details === 'string' ? JSON.parse(event.details) : event.details) as Row;
    expect(event).toMatchObject({ company_id: '1', outcome: 'success' });
    expect(details).toMatchObject({
      format: 'csv',
      fields: ['reference', 'customer.name'],
      where: { status: { eq: 'pending' } },
      rows: 5,
    });
  });

  it('limits exports per user, with Retry-After', async () => {
    const headers = await as('sales@globex.example');
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let attempt = 0; attempt < 12 && !limited; attempt += 1) {
      const response = await post(headers, { model: 'Customer', format: 'csv', fields: ['id'], maxRows: 1 });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(limited?.body.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
  });

  /** Starts a background export of customers, waits for it, and returns its task id and link. */
  const backgroundExport = async (
    headers: Headers,
    direction: 'ASC' | 'DESC',
    maxRows: number,
  ): Promise<{ taskId: string; url: string }> => {
    const started = await store.graphql(
      `mutation($maxRows: Int) { exportData(model: "Customer", format: "csv", fields: ["id", "name"], orderBy: [{ id: "${direction}" }], maxRows: $maxRows) { id status } }`,
      { maxRows },
      headers,
    );
    expect(started.body.errors).toBeUndefined();
    const taskId = started.body.data.exportData.id as string;
    for (let tries = 0; ; tries += 1) {
      const task = await store.graphql(
        `query($id: ID!) { task(id: $id) { status result error } }`,
        { id: taskId },
        headers,
      );
      if (task.body.data.task.status === 'SUCCEEDED') break;
      expect(tries).toBeLessThan(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const link = await store.graphql(
      `query($id: ID!) { exportFileLink(taskId: $id) { url expiresAt } }`,
      { id: taskId },
      headers,
    );
    return { taskId, url: (link.body.data.exportFileLink as { url: string }).url };
  };

  it.each([
    ['admin@acme.example', 'acme'],
    ['admin@globex.example', 'globex'],
  ] as const)('exports in the background as %s exactly %s rows', async (email, company) => {
    const headers = await as(email);
    const ids = await customerIds();
    expectBothTenantsBeyondTheCap(ids);
    const { url } = await backgroundExport(headers, 'DESC', ACROSS_TENANTS);
    const file = await request(store.app.getHttpServer()).get(url);
    expect(file.status).toBe(200);
    const rows: string[][] = parse(file.text);
    expect(rows[0]).toEqual(['id', 'name']);
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(ids[company]);
  });

  it('exports in the background and delivers the file through a signed, expiring link', async () => {
    const headers = await as('catalog_admin@acme.example');
    const { taskId, url } = await backgroundExport(headers, 'ASC', 25);
    // No token needed: the link is the credential.
    const file = await request(store.app.getHttpServer()).get(url);
    expect(file.status).toBe(200);
    const streamed = await csv(headers, {
      model: 'Customer',
      fields: ['id', 'name'],
      orderBy: [{ id: 'ASC' }],
      maxRows: 25,
    });
    expect(parse(file.text)).toEqual(streamed);

    // Someone else cannot mint a link for it.
    const other = await store.graphql(
      `query($id: ID!) { exportFileLink(taskId: $id) { url } }`,
      { id: taskId },
      await as('support@acme.example'),
    );
    expect(other.body.errors[0].extensions.code).toBe('NOT_FOUND');

    // A link made ten minutes and a second ago has expired; a forged one is nobody's.
    const token = url.split('/').at(-1)!;
    const claims = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Row;
    const links = store.app.get(ExportFileLinks);
    const old = links.sign(
      { key: String(claims.key), filename: 'old.csv', format: 'csv' },
      Date.now() - 601_000,
    );
    expect((await request(store.app.getHttpServer()).get(`/api/v1/export/files/${old.token}`)).status).toBe(
      410,
    );
    const forged = `${Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 3600 })).toString('base64url')}.${token.split('.')[1]}`;
    expect((await request(store.app.getHttpServer()).get(`/api/v1/export/files/${forged}`)).status).toBe(404);
  });
});
