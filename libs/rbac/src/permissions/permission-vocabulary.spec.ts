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

  it('takes a wildcard as its prefix only, ignores what is not a permission, and leaves malformed names to the syntax check', () => {
    const declared = new PermissionVocabulary()
      .addPermission('audit.*')
      .addPermission('*')
      .addPermission('not a permission');
    // audit.* declares the prefix, with no action of its own: audit.* holds, audit.view does not.
    expect(declared.problemOf('audit.*')).toBeUndefined();
    expect(declared.problemOf('audit.view')).toBe('audit has no action view; its actions: none declared');
    expect(declared.problemOf('*')).toBeUndefined();
    expect(declared.problemOf('not a permission')).toBeUndefined();
    expect(declared.problemOf('not.view')).toBe('no model or permission not');
  });
});
