import type { INestApplicationContext } from '@nestjs/common';
import { UserAccounts } from '@rail/auth';
import { DataSource } from 'typeorm';
import { Company } from './entities/index.js';

export interface NewPerson {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}

/**
 * A new tenant with its first agent, in one transaction: the start of a
 * helpdesk (`node dist/apps/helpdesk/cli.js init …`). The agent then signs
 * in through the API like everyone else.
 */
export async function createCompany(
  app: INestApplicationContext,
  companyName: string,
  agent: NewPerson,
): Promise<{ companyId: string; agentId: string }> {
  return app.get(DataSource).transaction(async (manager) => {
    const company = await manager.getRepository(Company).save({ name: companyName });
    const { id } = await app
      .get(UserAccounts)
      .create({ ...agent, roles: ['agent'], companyId: company.id }, manager);
    return { companyId: String(company.id), agentId: id };
  });
}

/** Another user of a company: an agent, or a requester who asks for help. */
export async function addUser(
  app: INestApplicationContext,
  companyId: string,
  person: NewPerson & { readonly role: 'agent' | 'requester' },
): Promise<{ id: string }> {
  const { role, ...account } = person;
  return app.get(UserAccounts).create({ ...account, roles: [role], companyId: Number(companyId) });
}
