import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RailConfigurationError } from '@rail/core';
import { RoleRegistry } from './role-registry.js';
import { loadRbacConfig } from './roles-file.loader.js';

let directory: string;
beforeAll(() => (directory = mkdtempSync(join(tmpdir(), 'rail-rbac-'))));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function refusal(path: string, message: RegExp | string): void {
  expect(() => loadRbacConfig(path)).toThrow(
    expect.objectContaining({
      name: 'RailConfigurationError',
      message:
        typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
    }) as RailConfigurationError,
  );
}

describe('loadRbacConfig', () => {
  it('loads roles and policies from YAML', () => {
    const path = file(
      'roles.yml',
      [
        'roles:',
        '  viewer:',
        '    description: Reads products.',
        '    permissions: [product.view]',
        '  editor:',
        '    inherits: [viewer]',
        '    permissions:',
        '      - product.update',
        '    maxUsers: 5',
        'policies:',
        '  - name: no-deletes',
        '    effect: deny',
        '    priority: 10',
        '    permissions: ["*"]',
        '    operations: [delete]',
        '    mode: shadow',
      ].join('\n'),
    );
    const config = loadRbacConfig(path);
    expect(config.roles.editor).toEqual({
      inherits: ['viewer'],
      permissions: ['product.update'],
      maxUsers: 5,
    });
    expect(config.policies).toEqual([
      {
        name: 'no-deletes',
        effect: 'deny',
        priority: 10,
        permissions: ['*'],
        operations: ['delete'],
        mode: 'shadow',
      },
    ]);
    const registry = new RoleRegistry(config);
    expect(registry.effectivePermissions(['editor'])).toEqual(['product.update', 'product.view']);
    expect(registry.maxUsers('editor')).toBe(5);
  });

  it('loads .yaml and .json files', () => {
    expect(
      loadRbacConfig(file('roles.yaml', 'roles: { viewer: { permissions: [product.view] } }')).roles,
    ).toEqual({
      viewer: { permissions: ['product.view'], inherits: [] },
    });
    const json = file('roles.json', JSON.stringify({ roles: { viewer: { permissions: ['product.*'] } } }));
    expect(loadRbacConfig(json).roles.viewer.permissions).toEqual(['product.*']);
  });

  it('names the file and the key of each validation error', () => {
    const path = file(
      'bad.yml',
      [
        'roles:',
        '  viewer:',
        '    permissions: [product.view, "*.view"]',
        '  Sales:',
        '    permissions: []',
        '  editor:',
        '    maxUser: 3',
      ].join('\n'),
    );
    refusal(path, `Invalid roles file "${path}"`);
    refusal(path, /"roles\.viewer\.permissions\.1": invalid permission "\*\.view"/);
    refusal(path, /"roles\.Sales": expected a lowercase snake_case role name/);
    refusal(path, /"roles\.editor": Unrecognized key: "maxUser"/);
  });

  it('names the role of a cycle or unknown parent found in a file', () => {
    refusal(
      file('cycle.yml', 'roles:\n  a: { inherits: [b] }\n  b: { inherits: [a] }\n'),
      /roles file ".*cycle\.yml"[\s\S]*"roles\.a\.inherits": role "a" inherits itself through the cycle a → b → a/,
    );
    refusal(
      file('parent.yml', 'roles:\n  sales: { inherits: [support] }\n'),
      '"roles.sales.inherits.0": role "sales" inherits unknown role "support"',
    );
  });

  it('refuses conditions in a file: they are code only', () => {
    const path = file(
      'condition.yml',
      'roles: { viewer: {} }\npolicies:\n  - { name: p, effect: deny, condition: "object.locked" }\n',
    );
    refusal(path, '"policies.0.condition": conditions can only be set on policies defined in code');
  });

  it('refuses a bad policy, naming its key', () => {
    refusal(
      file('policy.yml', 'roles: { viewer: {} }\npolicies:\n  - { name: p, effect: maybe, roles: [] }\n'),
      /"policies\.0\.effect"[\s\S]*"policies\.0\.roles": expected at least one entry/,
    );
    refusal(
      file(
        'twice.yml',
        'roles: {}\npolicies:\n  - { name: p, effect: deny }\n  - { name: p, effect: allow }\n',
      ),
      '"policies.1.name": policy name "p" is used twice',
    );
  });

  it('refuses unparsable files with the parser position', () => {
    refusal(file('broken.yml', 'roles:\n  viewer: [\n'), /Cannot parse the roles file ".*broken\.yml"/);
    refusal(file('broken.json', '{ "roles": '), /Cannot parse the roles file ".*broken\.json"/);
    refusal(file('dupe.yml', 'roles:\n  a: {}\n  a: {}\n'), /Cannot parse/);
  });

  it('refuses missing files and other extensions', () => {
    refusal(join(directory, 'missing.yml'), /Cannot read the roles file ".*missing\.yml": ENOENT/);
    refusal(file('roles.txt', 'roles: {}'), 'must be a .yml, .yaml or .json file');
  });

  it('builds plain data only from YAML tags', () => {
    refusal(file('tag.yml', 'roles: !!js/function "function () {}"\n'), /Cannot parse/);
  });
});
