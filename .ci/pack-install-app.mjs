// The small app that .ci/pack-install.mjs compiles against the packed
// libraries, in a project outside the repository: written as an app author
// would from docs/getting-started.md, docs/schema.md, docs/auth.md and
// docs/rbac.md, on the embedded SQLite database. One tenant-scoped model, the
// user entity of the auth contract, a roles file; on its first start it
// creates a reader in company 1 and a note in each of two companies.

export const READER = { email: 'reader@pack-install.example', password: 'pack-install-password-1' };
/** The titles the reader must see: its own company's notes only. */
export const READER_NOTES = ['Company one note'];
/** The line the app prints once it listens, followed by its URL. */
export const READY = 'PACK_INSTALL_APP_READY';

export const appFiles = {
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        useDefineForClassFields: false,
        // As in a project from \`nest new\`: the app's own code is checked against the packages' types.
        skipLibCheck: true,
        types: ['node'],
        rootDir: 'src',
        outDir: 'dist',
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`,

  'roles.yml': `roles:
  reader:
    description: Reads the notes of their company.
    permissions:
      - note.view
`,

  'src/user.entity.ts': `import { GraphQLField, GraphQLModel, TenantScoped } from '@rail/core';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The auth library's user contract: id, email, passwordHash, displayName, roles, isActive, companyId. */
@GraphQLModel({ name: 'User', operations: ['retrieve', 'list'] })
@TenantScoped('companyId')
@Entity({ name: 'app_user' })
export class AppUser {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  @GraphQLField({ exclude: true })
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'jsonb', default: () => \`'[]'\` })
  roles!: string[];

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;
}
`,

  'src/note.entity.ts': `import { GraphQLModel, TenantScoped } from '@rail/core';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@GraphQLModel({ quickSearch: ['title'] })
@TenantScoped('companyId')
@Entity({ name: 'note' })
export class Note {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;
}
`,

  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { authEntities, RailAuthModule } from '@rail/auth';
import { RailModule } from '@rail/core';
import { RailRbacModule } from '@rail/rbac';
import { RailSchemaModule } from '@rail/schema';
import { Note } from './note.entity.js';
import { AppUser } from './user.entity.js';

@Module({
  imports: [
    RailModule.forRoot({
      entities: [AppUser, Note, ...authEntities],
      database: { sqlitePath: process.env.SQLITE_PATH ?? './data/app.sqlite' },
    }),
    RailSchemaModule.forRoot({ entities: [AppUser, Note] }),
    RailAuthModule.forRoot({ userEntity: AppUser, jwt: { secret: process.env.JWT_SECRET } }),
    RailRbacModule.forRoot({ rolesFile: 'roles.yml', userEntity: AppUser }),
  ],
})
export class AppModule {}
`,

  'src/main.ts': `import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { PasswordHasher } from '@rail/auth';
import { describeStartupError } from '@rail/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { Note } from './note.entity.js';
import { AppUser } from './user.entity.js';

async function seed(dataSource: DataSource): Promise<void> {
  const users = dataSource.getRepository(AppUser);
  if ((await users.count()) > 0) return;
  await users.insert({
    companyId: 1,
    email: ${JSON.stringify(READER.email)},
    passwordHash: await new PasswordHasher().hash(${JSON.stringify(READER.password)}),
    displayName: 'Reader',
    roles: ['reader'],
    isActive: true,
  });
  await dataSource.getRepository(Note).insert([
    { companyId: 1, title: ${JSON.stringify(READER_NOTES[0])} },
    { companyId: 2, title: 'Company two note' },
  ]);
}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { abortOnError: false, bodyParser: false });
  app.enableShutdownHooks();
  await seed(app.get(DataSource));
  await app.listen(0, '127.0.0.1');
  console.log(\`${READY} \${await app.getUrl()}\`);
}

bootstrap().catch((error: unknown) => {
  console.error(\`The app could not start: \${describeStartupError(error)}\`);
  process.exit(1);
});
`,
};
