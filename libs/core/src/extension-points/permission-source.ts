/**
 * Permissions a library asks for by name outside `@RequirePermission` (a
 * report dataset's `permission`, a field policy's `permissions`). The rbac
 * library's start-up check counts them, besides `<model>.<action>` and every
 * `@RequirePermission`, as permissions a role may be granted; any other name
 * in the roles file is a typo and stops the app.
 */
export interface PermissionSource {
  declaredPermissions(): readonly string[];
}
