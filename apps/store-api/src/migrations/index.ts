import { InitialSchema1795441691703 } from './1795441691703-InitialSchema.js';

/** PostgreSQL migrations of the store, oldest first. */
export const storeMigrations = [InitialSchema1795441691703];
