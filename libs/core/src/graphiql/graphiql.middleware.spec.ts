import express from 'express';
import request from 'supertest';
import { graphiqlMiddleware } from './graphiql.middleware.js';

/** An app with only the middleware, at a custom GraphQL path; what it passes on answers 418. */
function appWith(signIn: boolean): express.Express {
  const app = express();
  // As Rail's HTTP module sets it: no ETag hashed for every response.
  app.set('etag', false);
  app.use(graphiqlMiddleware('/api/graphql', signIn));
  app.use((_req, res) => void res.status(418).send('passed on'));
  return app;
}

describe('graphiqlMiddleware', () => {
  it('serves the page at the GraphQL path to a browser, with its files under that path', async () => {
    const page = await request(appWith(true)).get('/api/graphql').set('accept', 'text/html');
    expect(page.text).toContain('data-graphql-url="/api/graphql" data-sign-in="true"');
    expect(page.text).toContain('src="/api/graphql/assets/graphiql.js"');
    const script = await request(appWith(true)).get('/api/graphql/assets/graphiql-page.mjs');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain('startSignInHelper');
  });

  it('leaves the sign-in bar off when asked (production with GraphiQL turned on)', async () => {
    const page = await request(appWith(false)).get('/api/graphql').set('accept', 'text/html');
    expect(page.text).toContain('data-sign-in="false"');
  });

  it('passes API requests on, and answers an unknown file with 404 itself', async () => {
    const app = appWith(true);
    expect((await request(app).get('/api/graphql').set('accept', 'application/json')).status).toBe(418);
    expect((await request(app).post('/api/graphql').set('accept', 'text/html')).status).toBe(418);
    expect((await request(app).get('/api/graphql/assets/package.json')).status).toBe(404);
  });

  it('gives each file a validator of its own, so a browser revalidates it with 304', async () => {
    const app = appWith(true);
    const first = await request(app).get('/api/graphql/assets/graphiql-page.css');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await request(app).get('/api/graphql/assets/graphiql-page.css').set('if-none-match', etag);
    expect(again.status).toBe(304);
    const other = await request(app).get('/api/graphql/assets/graphiql-page.mjs');
    expect(other.headers.etag).not.toBe(etag);
  });
});
