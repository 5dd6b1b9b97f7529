/** The sample app's roles, least privileged first (see docs/sample-store.md). */
export const storeRoles = [
  'catalog_viewer',
  'support',
  'catalog_editor',
  'sales',
  'catalog_admin',
  'admin',
] as const;
export type StoreRole = (typeof storeRoles)[number];

export interface DemoCompany {
  readonly slug: string;
  readonly name: string;
  readonly country: string;
}

export const demoCompanies: readonly DemoCompany[] = [
  { slug: 'acme', name: 'Acme', country: 'US' },
  { slug: 'globex', name: 'Globex', country: 'DE' },
];

/** The demo password, for local demos only; `SEED_PASSWORD` overrides it. */
export const DEFAULT_DEMO_PASSWORD = 'rail-demo-password';

export function demoEmail(role: StoreRole, company: DemoCompany): string {
  return `${role}@${company.slug}.example`;
}
