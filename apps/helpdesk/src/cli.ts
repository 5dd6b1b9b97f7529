import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { describeStartupError } from '@rail/core';
import { parseArgs } from 'node:util';
import { addUser, createCompany } from './accounts.js';
import { AppModule } from './app.module.js';

const USAGE = `Usage:
  node dist/apps/helpdesk/cli.js init --company <name> --email <agent email> --name <display name>
  node dist/apps/helpdesk/cli.js add-user --company-id <id> --role agent|requester --email <email> --name <display name>
The password is read from HELPDESK_PASSWORD (never from the command line, which other users can see).`;

/** The helpdesk's own commands: a first company with its agent, and more users. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      company: { type: 'string' },
      'company-id': { type: 'string' },
      role: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const password = process.env.HELPDESK_PASSWORD;
  const [command] = positionals;
  if (!password || !values.email || !values.name || !['init', 'add-user'].includes(command ?? '')) {
    console.error(USAGE);
    process.exit(2);
  }
  const person = { email: values.email, password, displayName: values.name };
  const app = await NestFactory.createApplicationContext(AppModule, {
    abortOnError: false,
    logger: ['error'],
  });
  try {
    if (command === 'init') {
      if (!values.company) throw new Error(`--company is required\n${USAGE}`);
      const { companyId, agentId } = await createCompany(app, values.company, person);
      console.log(`Company ${companyId} created with its first agent, user ${agentId} (${values.email}).`);
    } else {
      const role = values.role;
      if (!values['company-id'] || (role !== 'agent' && role !== 'requester'))
        throw new Error(`--company-id and --role agent|requester are required\n${USAGE}`);
      const { id } = await addUser(app, values['company-id'], { ...person, role });
      console.log(`User ${id} (${values.email}) added as ${role}.`);
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`The helpdesk command failed: ${describeStartupError(error)}`);
  process.exit(1);
});
