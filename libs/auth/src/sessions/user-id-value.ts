/** User ids travel as strings; integer keys are queried as numbers. */
export function userIdValue(userId: string): string | number {
  return /^\d{1,15}$/.test(userId) ? Number(userId) : userId;
}
