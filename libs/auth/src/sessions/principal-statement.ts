import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { DataSource } from 'typeorm';
import { AuthSession } from '../entities/auth-session.entity.js';
import type { AuthUserEntity } from '../rail-auth.options.js';

/** What a request's principal is made of: its session row and its user row, as the entities type them. */
export interface PrincipalRows {
  readonly session: {
    readonly userId: string;
    readonly revokedAt: Date | null;
    readonly absoluteExpiresAt: Date;
    readonly authMethods: string[];
    readonly mfaEnrolmentOnly: boolean;
  };
  readonly user: {
    readonly email: string;
    readonly companyId: number | string | null;
    readonly roles: string[];
    readonly isActive: boolean;
  };
}

type Columns = ReadonlyArray<readonly [property: string, column: ColumnMetadata]>;
type Metadata = ReturnType<DataSource['getMetadata']>;

const SESSION_PROPERTIES = [
  'userId',
  'revokedAt',
  'absoluteExpiresAt',
  'authMethods',
  'mfaEnrolmentOnly',
] as const;
const USER_PROPERTIES = ['email', 'companyId', 'roles', 'isActive'] as const;

/**
 * The one statement every signed-in request sends: its session and user by
 * primary key. Its SQL and the columns' conversions are worked out once from
 * the entities' metadata; a request only binds the two keys and converts the
 * row as TypeORM would (dates, booleans, simple-json, arrays), without
 * TypeORM's query builder and entity hydration on the hot path.
 */
export class PrincipalStatement {
  private readonly sql: string;
  private readonly sessionColumns: Columns;
  private readonly userColumns: Columns;

  constructor(
    private readonly dataSource: DataSource,
    userEntity: AuthUserEntity,
  ) {
    const session = dataSource.getMetadata(AuthSession);
    const user = dataSource.getMetadata(userEntity);
    const column = (metadata: Metadata, property: string): ColumnMetadata => {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found) throw new Error(`${metadata.name} has no column for ${property}`);
      return found;
    };
    this.sessionColumns = SESSION_PROPERTIES.map((property) => [property, column(session, property)]);
    this.userColumns = USER_PROPERTIES.map((property) => [property, column(user, property)]);
    const escape = (name: string) => dataSource.driver.escape(name);
    const select = (alias: string, columns: Columns) =>
      columns.map(
        ([property, meta]) => `${alias}.${escape(meta.databaseName)} AS ${escape(`${alias}_${property}`)}`,
      );
    const key = (metadata: Metadata) => escape(metadata.primaryColumns[0].databaseName);
    const table = (metadata: Metadata) => metadata.tablePath.split('.').map(escape).join('.');
    this.sql =
      `SELECT ${[...select('s', this.sessionColumns), ...select('u', this.userColumns)].join(', ')} ` +
      `FROM ${table(session)} s INNER JOIN ${table(user)} u ON u.${key(user)} = :userId ` +
      `WHERE s.${key(session)} = :sessionId`;
  }

  async read(userId: string | number, sessionId: string): Promise<PrincipalRows | undefined> {
    const { driver } = this.dataSource;
    const [query, parameters] = driver.escapeQueryWithParameters(this.sql, { userId, sessionId });
    const [record] = await this.dataSource.query<Record<string, unknown>[]>(query, parameters);
    if (!record) return undefined;
    const convert = (alias: string, columns: Columns) =>
      Object.fromEntries(
        columns.map(([property, meta]) => {
          const raw = record[`${alias}_${property}`];
          return [
            property,
            raw === null || raw === undefined ? null : driver.prepareHydratedValue(raw, meta),
          ];
        }),
      );
    const session = convert('s', this.sessionColumns) as PrincipalRows['session'];
    return {
      session: { ...session, userId: String(session.userId) },
      user: convert('u', this.userColumns) as PrincipalRows['user'],
    };
  }
}
