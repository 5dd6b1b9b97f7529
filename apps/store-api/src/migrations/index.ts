import { InitialSchema1795441691703 } from './1795441691703-InitialSchema.js';
import { AuthTables1795444298647 } from './1795444298647-AuthTables.js';

/** PostgreSQL migrations of the store, oldest first. */
export const storeMigrations = [InitialSchema1795441691703, AuthTables1795444298647];
