import { ExportFileLinks } from './export-file-links.js';
import { resolveExportOptions } from './rail-export.options.js';

describe('export download links', () => {
  const links = new ExportFileLinks(resolveExportOptions({ models: {}, linkTtlSeconds: 60 }, {}));
  const file = {
    key: '8f14e45f-ceea-467a-9575-6f0c8e2f1a11.csv',
    filename: 'products.csv',
    format: 'csv' as const,
  };

  it('opens the file it names until it expires', () => {
    const { token, expiresAt } = links.sign(file, Date.UTC(2026, 10, 23, 12));
    expect(expiresAt.toISOString()).toBe('2026-11-23T12:01:00.000Z');
    expect(links.check(token, Date.UTC(2026, 10, 23, 12, 0, 59))).toEqual({
      kind: 'valid',
      claims: { ...file, exp: Date.UTC(2026, 10, 23, 12, 1) / 1000 },
    });
    expect(links.check(token, Date.UTC(2026, 10, 23, 12, 1))).toEqual({ kind: 'expired' });
  });

  it('refuses a link whose claims were changed, or signed with another secret', () => {
    const { token } = links.sign(file);
    const [body, mac] = token.split('.');
    const longer = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(links.check(`${longer}.${mac}`)).toEqual({ kind: 'invalid' });
    const other = new ExportFileLinks(
      resolveExportOptions({ models: {}, signingSecret: 'another-secret-that-is-32-characters-long' }, {}),
    );
    expect(other.check(token)).toEqual({ kind: 'invalid' });
    expect(links.check('garbage')).toEqual({ kind: 'invalid' });
  });

  it('needs its own secret in production', () => {
    expect(() => resolveExportOptions({ models: {} }, { NODE_ENV: 'production' })).toThrow(/"signingSecret"/);
  });
});
