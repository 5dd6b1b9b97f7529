import { PermissionVocabulary } from './permission-vocabulary.js';

describe('PermissionVocabulary: which permissions mean something in the app', () => {
  const vocabulary = new PermissionVocabulary()
    .addModel('product')
    .addModel('order_item')
    .addPermission('report.run')
    .addPermission('task.view_own');

  it('knows the models with their actions, their wildcards and contextual forms, and declared permissions', () => {
    for (const permission of [
      'product.view',
      'product.export',
      'product.*',
      'order_item.update_own',
      'report.run',
      'task.view',
      'task.*',
      '*',
    ]) {
      expect(vocabulary.problemOf(permission)).toBeUndefined();
    }
  });

  it('names a misspelt model with the nearest one', () => {
    expect(vocabulary.problemOf('prodcut.view')).toBe(
      'no model or permission prodcut (did you mean product?)',
    );
    expect(vocabulary.problemOf('orderItem.view')).toBe(
      'no model or permission orderItem (did you mean order_item?)',
    );
    expect(vocabulary.problemOf('invoice.*')).toBe('no model or permission invoice');
  });

  it('names a misspelt action with the nearest action of that model', () => {
    expect(vocabulary.problemOf('product.veiw')).toBe(
      'product has no action veiw (did you mean view?); its actions: view, create, update, delete, export',
    );
    expect(vocabulary.problemOf('report.view')).toBe('report has no action view; its actions: run');
  });
});
