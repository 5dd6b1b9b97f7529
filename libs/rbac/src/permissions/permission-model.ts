/**
 * The model part of a permission for a GraphQL type or entity name:
 * `OrderItem` → `order_item`, `Product` → `product`. Names already in
 * snake_case stay as they are, so both spellings compare equal after it.
 */
export function toPermissionModel(typeName: string): string {
  return typeName
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
