/** Where the page's files are served: under the GraphQL path, so one prefix is the whole IDE. */
export function graphiqlAssetsPath(graphqlPath: string): string {
  return `${graphqlPath.replace(/\/$/, '')}/assets`;
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The GraphiQL page: every script and style a file of the app's own (no CDN,
 * nothing inline), so it renders offline under a CSP of 'self'. Its settings
 * are data attributes of <body>, read by graphiql-page.mjs.
 */
export function graphiqlPageHtml(graphqlPath: string, signIn: boolean): string {
  const assets = escapeAttribute(graphiqlAssetsPath(graphqlPath));
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GraphiQL</title>
    <link rel="stylesheet" href="${assets}/graphiql.css" />
    <link rel="stylesheet" href="${assets}/graphiql-page.css" />
    <script defer src="${assets}/react.js"></script>
    <script defer src="${assets}/react-dom.js"></script>
    <script defer src="${assets}/graphiql.js"></script>
    <script type="module" src="${assets}/graphiql-page.mjs"></script>
  </head>
  <body data-graphql-url="${escapeAttribute(graphqlPath)}" data-sign-in="${signIn}">
    <form id="rail-sign-in" hidden autocomplete="on">
      <strong>Sign in</strong>
      <input name="email" type="email" placeholder="email" autocomplete="username" required />
      <input name="password" type="password" placeholder="password" autocomplete="current-password" required />
      <span class="rail-code" hidden>
        <input name="code" inputmode="numeric" autocomplete="one-time-code" />
      </span>
      <button type="submit">Sign in</button>
      <button type="button" class="rail-sign-out" hidden>Sign out</button>
      <span id="rail-sign-in-status" role="status"></span>
    </form>
    <div id="rail-enrolment" hidden>
      <img alt="QR code of the authenticator to enrol" hidden />
      <div>
        <div class="rail-secret-label">Secret, for entering by hand:</div>
        <code class="rail-secret"></code>
        <code class="rail-uri"></code>
      </div>
    </div>
    <div id="graphiql">Loading…</div>
  </body>
</html>
`;
}
