/** PostgreSQL migrations of the store, oldest first. */
export const storeMigrations: Array<new () => object> = [];
