/** Whether two answers hold the same data, whatever the order of object keys. */
export function sameData(left: unknown, right: unknown): boolean;
