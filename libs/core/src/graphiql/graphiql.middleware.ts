import type { NextFunction, Request, Response } from 'express';
import { GraphiqlAssets } from './graphiql-assets.js';
import { graphiqlAssetsPath, graphiqlPageHtml } from './graphiql-page.js';

/**
 * Serves GraphiQL from the app itself: the page at the GraphQL path to a
 * browser (a GET that prefers HTML; API clients asking for JSON still reach
 * Apollo), and its scripts and styles under `<path>/assets/`. With `signIn`,
 * the page has a sign-in bar that sets GraphiQL's Authorization header.
 */
export function graphiqlMiddleware(
  graphqlPath: string,
  signIn: boolean,
): (req: Request, res: Response, next: NextFunction) => void {
  const html = graphiqlPageHtml(graphqlPath, signIn);
  const assets = new GraphiqlAssets();
  const assetPrefix = `${graphiqlAssetsPath(graphqlPath)}/`;
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.originalUrl.split('?', 1)[0];
    if (path === graphqlPath) {
      const wanted = req.accepts(['application/json', 'application/graphql-response+json', 'text/html']);
      if (wanted !== 'text/html') return next();
      res.type('html').set('cache-control', 'no-store').send(html);
      return;
    }
    if (!path.startsWith(assetPrefix)) return next();
    assets.get(path.slice(assetPrefix.length)).then((asset) => {
      // Answered here: Apollo, mounted as a prefix at the GraphQL path, would take it for a request.
      if (!asset) return void res.status(404).type('text/plain').send('No such GraphiQL file');
      // Revalidated each time (the ETag answers 304, Express compares it): a package upgrade is never served stale.
      res
        .set({ 'content-type': asset.contentType, 'cache-control': 'no-cache', etag: asset.etag })
        .send(asset.body);
    }, next);
  };
}
