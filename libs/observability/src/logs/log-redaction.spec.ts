import pino from 'pino';
import { maskUrl, REDACT_PATHS, REDACTED, scrubSecrets } from './log-redaction.js';

// A real (expired) token's shape: header.payload.signature, each base64url.
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1Iiwic2lkIjoiYWJjIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

/** A pino logger configured as Rail's (the line pass, no pino `redact`), writing into an array. */
function capture(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino(
    { hooks: { streamWrite: scrubSecrets } },
    { write: (line: string) => lines.push(line) },
  );
  return { logger, lines };
}

describe('log redaction', () => {
  it('removes token text from messages, fields, nested objects and errors, keeping the line JSON', () => {
    const { logger, lines } = capture();
    logger.info(`refresh failed for ${JWT}`);
    logger.info({ detail: { note: `Bearer ${JWT}` } }, 'nested');
    logger.error(new Error(`jwt malformed: ${JWT}`));
    logger.info({ link: `/api/v1/export/files/${JWT.split('.')[1]}.mac` }, 'export link');
    for (const line of lines) {
      expect(line).not.toContain('eyJ');
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    expect(JSON.parse(lines[0]).msg).toBe(`refresh failed for ${REDACTED}`);
  });

  it('censors credential keys at any depth, in arrays, whatever their case, and request headers', () => {
    const { logger, lines } = capture();
    logger.info({
      password: 'hunter2',
      input: { newPassword: 'hunter3', refreshToken: 'opaque-refresh-token' },
      a: { b: { secret: 'deep' } },
      variables: { email: 'x@example.com', password: 'hunter4' },
      req: { headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: 'sid=1', 'user-agent': 'curl' } },
      nested: { a: { b: { c: [{ Token: 'five-levels-down' }] } } },
      res: { headers: { 'set-cookie': 'refresh=opaque-cookie' } },
    });
    const line = lines[0];
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line).password).toBe(REDACTED);
    for (const secret of [
      'five-levels-down',
      'opaque-cookie',
      'hunter2',
      'hunter3',
      'hunter4',
      'opaque-refresh-token',
      'deep',
      'dXNlcjpwYXNz',
      'sid=1',
    ])
      expect(line).not.toContain(secret);
    expect(JSON.parse(line).req.headers['user-agent']).toBe('curl');
  });

  it('leaves a line without credential keys as it is, and keeps the pino paths for a logger of your own', () => {
    const { logger, lines } = capture();
    logger.info({ passwordPolicy: 'strong', tokens: 3, note: 'token refresh' }, 'no secrets here');
    const parsed = JSON.parse(lines[0]);
    expect(parsed).toMatchObject({ passwordPolicy: 'strong', tokens: 3, note: 'token refresh' });
    expect(REDACT_PATHS).toContain('*.*.password');
  });

  it('replaces opaque bearer credentials in text', () => {
    expect(scrubSecrets('sent Authorization: Bearer abcdefgh12345678 upstream')).toBe(
      `sent Authorization: Bearer ${REDACTED} upstream`,
    );
    expect(scrubSecrets('a plain line')).toBe('a plain line');
  });

  it('masks credential-like query parameters of a URL, keeping the others', () => {
    expect(maskUrl('/files/1?token=abc&page=2&access_token=x&X-Amz-Signature=s&q=shoes')).toBe(
      `/files/1?token=${REDACTED}&page=2&access_token=${REDACTED}&X-Amz-Signature=${REDACTED}&q=shoes`,
    );
    expect(maskUrl('/graphql')).toBe('/graphql');
    expect(maskUrl('/x?flag&%E0%A4%A=1')).toBe('/x?flag&%E0%A4%A=1');
  });
});
