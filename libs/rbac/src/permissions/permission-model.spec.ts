import { toPermissionModel } from './permission-model.js';

describe('toPermissionModel', () => {
  it.each([
    ['Product', 'product'],
    ['OrderItem', 'order_item'],
    ['orderItem', 'order_item'],
    ['order_item', 'order_item'],
    ['HTTPWebhook', 'http_webhook'],
    ['Report2024Run', 'report2024_run'],
  ])('%s → %s', (typeName, model) => expect(toPermissionModel(typeName)).toBe(model));
});
