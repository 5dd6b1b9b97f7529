/**
 * One mistake in what an app declares (a misspelt permission, role or
 * path), found once at start-up. Every library's problems are gathered and
 * shown together, so the app is fixed in one round instead of one per start.
 */
export interface StartupProblem {
  /** Who found it, as the app imports it: `RailRbacModule`, `RailFieldSecurityModule`, `RailModule`. */
  readonly source: string;
  /** What is wrong, naming it: `role "sales" grants "prodcut.view": no model prodcut (did you mean product?)`. */
  readonly message: string;
  /** `warning`: logged and start-up goes on; `error` (the default) stops it. */
  readonly severity?: 'error' | 'warning';
}

/**
 * A library's start-up check over what the app declared, run once every
 * provider exists and before the app serves (`OnApplicationBootstrap`). It
 * reports problems instead of throwing, so that the core can list the whole
 * app's problems in one message.
 *
 * @example
 * @RailExtension(RailExtensionPoint.StartupCheck)
 * export class RbacStartupCheck implements StartupCheck {
 *   startupProblems() { return unknownPermissions().map((message) => ({ source: 'RailRbacModule', message })); }
 * }
 */
export interface StartupCheck {
  startupProblems(): readonly StartupProblem[] | Promise<readonly StartupProblem[]>;
}
