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
