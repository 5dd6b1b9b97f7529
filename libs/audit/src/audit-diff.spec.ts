import { auditChanges } from './audit-diff.js';

describe('auditChanges', () => {
  const before = {
    id: 7,
    name: 'Drill',
    price: '10.00',
    stock: 3,
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  };

  it('keeps the changed fields only, with before and after', () => {
    const after = { ...before, price: '12.00', updatedAt: new Date('2026-01-02T00:00:00Z') };
    expect(auditChanges(before, after)).toEqual({
      price: { before: '10.00', after: '12.00' },
      updatedAt: { before: '2026-01-01T00:00:00.000Z', after: '2026-01-02T00:00:00.000Z' },
    });
  });

  it('is null when nothing changed (equal dates included)', () => {
    expect(auditChanges(before, { ...before, updatedAt: new Date(before.updatedAt.getTime()) })).toBeNull();
  });

  it('lists what a create set and what a delete removed, without empty fields', () => {
    expect(auditChanges(undefined, { id: 1, name: 'New', notes: null })).toEqual({
      id: { after: 1 },
      name: { after: 'New' },
    });
    expect(auditChanges({ id: 1, name: 'Old', notes: null }, undefined)).toEqual({
      id: { before: 1 },
      name: { before: 'Old' },
    });
  });

  it('records secrets and redacted fields as changed, never their values', () => {
    const changes = auditChanges(
      { passwordHash: 'old-hash', apiToken: 'a', nickname: 'x' },
      { passwordHash: 'new-hash', apiToken: 'b', nickname: 'y' },
      new Set(['nickname']),
    );
    expect(changes).toEqual({
      apiToken: { redacted: true },
      nickname: { redacted: true },
      passwordHash: { redacted: true },
    });
    expect(JSON.stringify(changes)).not.toMatch(/hash"|old|new/);
  });
});
