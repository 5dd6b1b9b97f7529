import { canonicalJson, chainHash, contentHash, type AuditContent } from './audit-hash.js';

const content: AuditContent = {
  occurredAt: new Date('2026-11-23T10:00:00.123Z'),
  companyId: '1',
  actorId: '4',
  actorRoles: ['admin'],
  requestId: 'req-1',
  ip: '127.0.0.1',
  userAgent: 'jest',
  eventType: 'entity.updated',
  model: 'Product',
  entityId: '7',
  changes: { price: { before: '1.00', after: '2.00' }, name: { before: 'a', after: 'b' } },
  details: null,
  outcome: 'success',
  reason: null,
};

describe('audit hashing', () => {
  it('writes JSON with sorted keys at every level, arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null }, skipped: undefined })).toBe(
      '{"a":{"c":null,"d":[3,1]},"b":1}',
    );
    expect(canonicalJson(new Date('2026-01-02T03:04:05.006Z'))).toBe('"2026-01-02T03:04:05.006Z"');
  });

  it('is the JSON Canonicalization Scheme of RFC 8785 (its own examples)', () => {
    // RFC 8785, section 3.2.2: numbers, strings and literals.
    const sample = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalJson(sample)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    // Section 3.2.3: keys sorted by their UTF-16 code units.
    const keys = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 };
    expect(canonicalJson(keys)).toBe(
      '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}',
    );
  });

  it('hashes as the chains written before it did, so that they still verify', () => {
    const unusual = {
      ...content,
      changes: { ...content.changes, 'ö€😀\r1': { n: 1e21, m: 0.1, z: -0 } },
    };
    // Computed by the hand-written canonical JSON this replaced.
    expect(contentHash(unusual)).toBe('769515c2fd57fc46700763873f63506cc8ab41139d4e252c4d6486e865068e2f');
  });

  it('hashes a lone surrogate, which JSON cannot carry, as U+FFFD', () => {
    expect(canonicalJson({ text: 'a\ud800b' })).toBe('{"text":"a\ufffdb"}');
  });

  it('hashes the same content the same however jsonb reorders its keys', () => {
    const reordered = {
      ...content,
      changes: { name: { after: 'b', before: 'a' }, price: { after: '2.00', before: '1.00' } },
    };
    expect(contentHash(reordered)).toBe(contentHash(content));
  });

  it.each([
    ['reason', { reason: 'edited' }],
    ['a changed value', { changes: { price: { before: '1.00', after: '2.01' } } }],
    ['the time', { occurredAt: new Date('2026-11-23T10:00:00.124Z') }],
    ['the actor', { actorId: '5' }],
    ['a role', { actorRoles: ['support'] }],
  ])('changes when %s changes', (_, edit) => {
    expect(contentHash({ ...content, ...edit })).not.toBe(contentHash(content));
  });

  it('links seq, previous hash and content hash as the PostgreSQL trigger does', () => {
    // PostgreSQL: SELECT encode(sha256(convert_to('1:' || repeat('0', 64) || ':abc', 'UTF8')), 'hex')
    expect(chainHash('1', '0'.repeat(64), 'abc')).toBe(
      '2090af0ecbdab4a76b74b4ccc14d81224e831e16225fa22daa1499fd5975b8ca',
    );
  });
});
