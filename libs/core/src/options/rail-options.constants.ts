/** Injection token of the validated {@link ResolvedRailOptions}. */
export const RAIL_OPTIONS = Symbol('RAIL_OPTIONS');
