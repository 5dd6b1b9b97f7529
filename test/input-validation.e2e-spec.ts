import request from 'supertest';
import { startStoreApp, type StoreApp } from './support/store-app.js';

/**
 * Bad input is BAD_USER_INPUT naming where it is, whichever way it comes in
 * (typed argument, variable or literal, JSON filter, REST body), and never
 * reaches the database: the attacks that used to come back as
 * INTERNAL_SERVER_ERROR with driver text.
 */
type GraphqlError = { message: string; extensions: { code: string; field?: string } };

describe('malformed input', () => {
  let store: StoreApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    headers = await store.fullSession('admin@acme.example');
  });
  afterAll(() => store.close());

  const firstError = async (query: string, variables?: Record<string, unknown>): Promise<GraphqlError> => {
    const response = await store.graphql(query, variables, headers);
    expect(response.status).toBeLessThan(500);
    const errors = response.body.errors as GraphqlError[] | undefined;
    expect(errors?.length).toBeGreaterThan(0);
    return errors![0];
  };
  const ORDERS = 'query($where: OrderWhere) { orders(where: $where) { id } }';

  describe('DateTime', () => {
    it.each([
      ['an unparsable string', 'not-a-date'],
      ['a year past what JavaScript dates hold', '+275761-01-01T00:00:00Z'],
      ['a day that does not exist', '2026-02-30T00:00:00Z'],
      ['a date without a time', '2026-03-01'],
      ['a number', 1767225600000],
      ['an object', { $ne: 1 }],
    ])('refuses %s in a variable, naming its path', async (_case, value) => {
      const error = await firstError(ORDERS, { where: { createdAt: { gt: value } } });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('where.createdAt.gt');
    });

    it('refuses an unparsable literal with BAD_USER_INPUT', async () => {
      const error = await firstError('{ orders(where: { createdAt: { gt: "not-a-date" } }) { id } }');
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('DateTime');
    });

    it('still takes an offset and both ends of the range', async () => {
      for (const gt of ['2026-01-01T02:00:00+02:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
        const response = await store.graphql(ORDERS, { where: { createdAt: { gt } } }, headers);
        expect(response.body.errors).toBeUndefined();
      }
    });
  });

  describe('text', () => {
    it.each([
      ['a NUL', 'a\u0000b', 'NUL'],
      ['a lone high surrogate', 'a\ud800', 'surrogate'],
      ['a lone low surrogate', '\udc00b', 'surrogate'],
    ])('refuses %s in any string variable, naming its path', async (_case, text, reason) => {
      const response = await store.graphql(ORDERS, { where: { reference: { contains: text } } }, headers);
      expect(response.status).toBe(400);
      const [error] = response.body.errors as GraphqlError[];
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$where.reference.contains' });
      expect(error.message).toContain(reason);
    });

    it('refuses a NUL in a literal, in a hand-written resolver argument too', async () => {
      const error = await firstError(
        'mutation { login(email: "a\\u0000@acme.example", password: "x") { accessToken } }',
      );
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'login.email' });
    });

    it('refuses a NUL inside a JSON argument', async () => {
      const error = await firstError(
        'query($where: JSON) { report(code: "sales_overview", where: $where) { rows } }',
        {
          where: { status: { eq: 'x\u0000' } },
        },
      );
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$where.status.eq' });
    });
  });

  describe('numbers', () => {
    it('refuses an Int beyond 32 bits as a literal and as a variable', async () => {
      expect((await firstError('{ products(limit: 99999999999) { id } }')).extensions.code).toBe(
        'BAD_USER_INPUT',
      );
      const error = await firstError('query($n: Int) { products(limit: $n) { id } }', { n: 2 ** 40 });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
    });

    it.each(['1e999', 'abc', 'NaN', ''])('refuses the decimal %j', async (price) => {
      const error = await firstError('query($where: ProductWhere) { products(where: $where) { id } }', {
        where: { price: { gte: price } },
      });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('where.price.gte');
    });
  });

  describe('keys', () => {
    it('refuses an id beyond the integer column, which PostgreSQL would fail on', async () => {
      for (const [query, variables] of [
        ['query($id: ID!) { customer(id: $id) { id } }', { id: '2147483648' }],
        [
          'query($where: OrderWhere) { orders(where: $where) { id } }',
          { where: { customer: { id: { in: [2147483648] } } } },
        ],
      ] as const) {
        const error = await firstError(query, variables);
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
      }
    });

    it('refuses a bigint filter value that is not digits', async () => {
      const error = await firstError('query($where: AuditEventWhere) { auditEvents(where: $where) { id } }', {
        where: { seq: { notIn: [''] } },
      });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('where.seq.notIn.0');
    });
  });

  describe('JSON filters', () => {
    const REPORT = 'query($where: JSON) { report(code: "sales_overview", where: $where) { rows } }';
    it.each([
      [{ createdAt: { gte: { $ne: 1 } } }, 'where.createdAt.gte'],
      [{ createdAt: { gte: 'not-a-date' } }, 'where.createdAt.gte'],
      [{ createdAt: { $ne: 1 } }, 'where.createdAt.$ne'],
      [{ status: { in: 'pending' } }, 'where.status.in'],
      [{ status: { eq: 'lost' } }, 'where.status.eq'],
      [{ totalAmount: { gt: '1e999' } }, 'where.totalAmount.gt'],
      [{ totalAmount: { between: { from: '1', to: '2', step: '1' } } }, 'where.totalAmount.between.step'],
      [{ AND: { status: { eq: 'pending' } } }, 'where.AND'],
      [{ NOT: [] }, 'where.NOT'],
      [{ createdAt: '2026-01-01T00:00:00Z' }, 'where.createdAt'],
    ])('a report refuses %j at %s', async (where, path) => {
      const error = await firstError(REPORT, { where });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(error.message).toContain(path);
    });

    it('a report still takes a well-formed JSON filter', async () => {
      const response = await store.graphql(
        REPORT,
        { where: { createdAt: { gte: '2020-01-01T00:00:00Z' }, status: { in: ['pending', 'confirmed'] } } },
        headers,
      );
      expect(response.body.errors).toBeUndefined();
    });

    it.each([
      [{ where: { createdAt: { gte: { $ne: 1 } } } }, 'where.createdAt.gte'],
      [{ where: { reference: { eq: 'x\u0000' } } }, 'where.reference.eq'],
      [{ filename: 'a\ud800' }, 'filename'],
    ])('the REST export refuses %j with 400 naming %s', async (change, field) => {
      const response = await request(store.app.getHttpServer())
        .post('/api/v1/export')
        .set(headers)
        .send({ model: 'Order', format: 'csv', fields: ['id'], ...change });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });
  });
});
