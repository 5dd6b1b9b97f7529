/**
 * What is being done to a model. The generated API uses the first six; a
 * model's custom actions (`confirm`, `ship`) use their own names.
 */
export type ModelOperation = 'list' | 'retrieve' | 'create' | 'update' | 'delete' | 'export' | (string & {});
