import { registerEnumType } from '@nestjs/graphql';

/** The order of one `orderBy` key, a GraphQL enum every library shares. */
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });
