// The operations the bench measures, four reads and a write: each one as the
// GraphQL document a client sends to Rail, and as the ONE hand-written SQL
// statement that does the same (the "floor"), for PostgreSQL and for SQLite
// (where the write is two statements in a transaction).
//
// The floor statements return exactly what Rail returns (ids as strings, money
// as two-decimal strings, nested objects built by the database), so that the
// bench can check both sides answered with the same data and the ratio
// compares like with like. The queries name their order rather than rely on a
// model's default order, which may change.

/** The company of the report: Acme, the first seeded company. */
const REPORT_COMPANY_ID = 1;

export const operations = [
  {
    id: 'flat',
    label: 'flat list (100 products)',
    field: 'products',
    graphql: '{ products(orderBy: [{ id: ASC }], limit: 100) { id name sku price } }',
    jsonColumns: [],
    sql: {
      postgres: {
        text: 'SELECT p.id::text AS id, p.name, p.sku, p.price FROM product p WHERE p.company_id = 1 ORDER BY p.id LIMIT 100',
        params: [],
      },
      sqlite: {
        text: `SELECT CAST(p.id AS TEXT) AS id, p.name, p.sku, printf('%.2f', p.price) AS price
               FROM product p WHERE p.company_id = 1 ORDER BY p.id LIMIT 100`,
        params: [],
      },
    },
  },
  {
    id: 'nested',
    label: 'nested (50 latest orders, customer, items, product)',
    field: 'orders',
    graphql: `{ orders(orderBy: [{ createdAt: DESC }], limit: 50) {
      reference status totalAmount
      customer { name country }
      items { quantity unitPrice product { name sku } }
    } }`,
    jsonColumns: ['customer', 'items'],
    // The 50 orders are picked first, so that the objects are built for them
    // only rather than for every order before the sort.
    sql: {
      postgres: {
        text: `SELECT o.reference, o.status, o.total_amount AS "totalAmount",
                 json_build_object('name', c.name, 'country', c.country) AS customer,
                 (SELECT coalesce(json_agg(json_build_object(
                           'quantity', i.quantity, 'unitPrice', i.unit_price::text,
                           'product', json_build_object('name', p.name, 'sku', p.sku)) ORDER BY i.id), '[]')
                    FROM order_item i JOIN product p ON p.id = i.product_id
                   WHERE i.order_id = o.id) AS items
               FROM (SELECT * FROM customer_order WHERE company_id = 1 ORDER BY created_at DESC, id LIMIT 50) o
               JOIN customer c ON c.id = o.customer_id
               ORDER BY o.created_at DESC, o.id`,
        params: [],
      },
      sqlite: {
        text: `SELECT o.reference, o.status, printf('%.2f', o.total_amount) AS "totalAmount",
                 json_object('name', c.name, 'country', c.country) AS customer,
                 (SELECT json_group_array(json_object(
                           'quantity', i.quantity, 'unitPrice', printf('%.2f', i.unit_price),
                           'product', json_object('name', p.name, 'sku', p.sku)) ORDER BY i.id)
                    FROM order_item i JOIN product p ON p.id = i.product_id
                   WHERE i.order_id = o.id) AS items
               FROM (SELECT * FROM customer_order WHERE company_id = 1 ORDER BY created_at DESC, id LIMIT 50) o
               JOIN customer c ON c.id = o.customer_id
               ORDER BY o.created_at DESC, o.id`,
        params: [],
      },
    },
  },
  {
    id: 'filtered',
    label: 'filtered + ordered (50 products, category)',
    field: 'products',
    graphql: `{ products(
      where: { price: { gte: "10" }, name: { icontains: "a" } }
      orderBy: [{ price: DESC }]
      limit: 50
    ) { id name sku price category { name } } }`,
    jsonColumns: ['category'],
    sql: {
      postgres: {
        text: `SELECT p.id::text AS id, p.name, p.sku, p.price, json_build_object('name', c.name) AS category
               FROM product p JOIN category c ON c.id = p.category_id
               WHERE p.company_id = 1 AND p.price >= $1 AND lower(p.name) LIKE $2
               ORDER BY p.price DESC, p.id LIMIT 50`,
        // lower() … LIKE rather than ILIKE: half the time on PostgreSQL for the same rows.
        params: ['10', '%a%'],
      },
      sqlite: {
        // SQLite's LIKE is case-insensitive for ASCII, like ILIKE.
        text: `SELECT CAST(p.id AS TEXT) AS id, p.name, p.sku, printf('%.2f', p.price) AS price,
                 json_object('name', c.name) AS category
               FROM product p JOIN category c ON c.id = p.category_id
               WHERE p.company_id = 1 AND p.price >= ? AND p.name LIKE ?
               ORDER BY p.price DESC, p.id LIMIT 50`,
        params: [10, '%a%'],
      },
    },
  },
  {
    id: 'report',
    label: 'report (revenue by month and country)',
    field: 'report',
    // The sales_overview dataset of apps/store-api/reports.yml: one aggregate statement.
    graphql:
      '{ report(code: "sales_overview", dimensions: ["month", "country"], metrics: ["revenue", "orders"]) { rows } }',
    single: true,
    // Reports need report.run, which the bench's user (the catalog admin of docs/sample-store.md) has.
    jsonColumns: ['rows'],
    sql: {
      postgres: {
        text: `SELECT json_agg(json_build_array(month, country, revenue, orders) ORDER BY month, country) AS rows
               FROM (SELECT to_char(date_trunc('month', o.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS month,
                            c.country, sum(o.total_amount)::text AS revenue, count(*)::int AS orders
                       FROM customer_order o JOIN customer c ON c.id = o.customer_id
                      WHERE o.company_id = $1
                      GROUP BY 1, 2) report`,
        params: [REPORT_COMPANY_ID],
      },
      sqlite: {
        // Timestamps are UTC text on the embedded database.
        text: `SELECT json_group_array(json_array(month, country, revenue, orders)) AS rows
               FROM (SELECT strftime('%Y-%m-01', o.created_at) AS month, c.country,
                            printf('%.2f', sum(o.total_amount)) AS revenue, count(*) AS orders
                       FROM customer_order o JOIN customer c ON c.id = o.customer_id
                      WHERE o.company_id = ?
                      GROUP BY 1, 2 ORDER BY 1, 2) report`,
        params: [REPORT_COMPANY_ID],
      },
    },
  },
];

/** The demo user who owns the orders the write creates: the user the bench signs in as. */
const WRITER = 'catalog_admin@acme.example';
const ITEMS = [
  [1, 1, '1.50'],
  [2, 2, '2.50'],
  [3, 3, '3.50'],
];

operations.push({
  id: 'create',
  label: 'create an order with 3 items',
  field: 'createOrder',
  single: true,
  // Each request writes a new order: its reference (unique) is a variable set per request.
  write: true,
  graphql: `mutation ($reference: String!) { createOrder(input: {
      customer: { connect: "3" }, reference: $reference,
      items: { create: [${ITEMS.map(([product, quantity, price]) => `{ productId: "${product}", quantity: ${quantity}, unitPrice: "${price}" }`).join(', ')}] }
    }) { ok errors { field message } } }`,
  // SQLite hands back text: both columns are JSON there (true, []).
  jsonColumns: ['ok', 'errors'],
  // The order and its items in ONE statement (data-modifying CTEs), owned by the signed-in user's account.
  sql: {
    postgres: (reference) => ({
      text: `WITH o AS (
               INSERT INTO customer_order (company_id, customer_id, owner_id, reference)
               SELECT 1, 3, u.id, $1 FROM app_user u WHERE u.email = $2 RETURNING id),
             i AS (
               INSERT INTO order_item (order_id, product_id, quantity, unit_price)
               SELECT o.id, v.product_id, v.quantity, v.unit_price
                 FROM o CROSS JOIN (VALUES ${ITEMS.map(([product, quantity, price]) => `(${product}, ${quantity}, ${price})`).join(', ')})
                      AS v(product_id, quantity, unit_price)
               RETURNING 1)
             SELECT true AS ok, '[]'::json AS errors FROM o`,
      params: [reference, WRITER],
    }),
    // SQLite has no data-modifying CTEs: the two inserts in one transaction.
    sqlite: (reference) => ({
      steps: [
        {
          text: `INSERT INTO customer_order (company_id, customer_id, owner_id, reference)
                 SELECT 1, 3, u.id, ? FROM app_user u WHERE u.email = ?`,
          params: [reference, WRITER],
        },
        {
          text: `INSERT INTO order_item (order_id, product_id, quantity, unit_price)
                 SELECT o.id, v.column1, v.column2, v.column3
                   FROM customer_order o, (VALUES ${ITEMS.map(([product, quantity, price]) => `(${product}, ${quantity}, ${price})`).join(', ')}) v
                  WHERE o.reference = ?`,
          params: [reference],
        },
      ],
      text: `SELECT 'true' AS ok, '[]' AS errors`,
      params: [],
    }),
  },
});

export function operationById(id) {
  return operations.find((operation) => operation.id === id);
}
