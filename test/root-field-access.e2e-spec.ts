import { Module } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { describeStartupError, RootFieldAccessCheck } from '@rail/core';
import { startStoreApp } from './support/store-app.js';

/** A hand-written resolver that forgot its access rule: open to every signed-in user, were it not refused. */
@Resolver()
class ForgottenResolver {
  @Query(() => Number, { name: 'forgottenCount' })
  count(): number {
    return 42;
  }
}

@Module({ providers: [ForgottenResolver] })
class ForgottenModule {}

describe('default-deny for every root field', () => {
  it('refuses to start an app with a root field that declares no requirement, naming it', async () => {
    const failure = await startStoreApp({ imports: [ForgottenModule], user: null }).then(
      () => new Error('expected start-up to fail'),
      (error: unknown) => error,
    );
    const message = describeStartupError(failure);
    expect(message).toContain('Root fields without an access requirement: Query.forgottenCount');
    expect(message).toContain('ForgottenResolver.count');
  });

  it('starts the sample app: every root field, generated or hand-written, has a requirement', async () => {
    const store = await startStoreApp({ user: null });
    try {
      const fields = store.app.get(RootFieldAccessCheck).rootFields();
      const byField = new Map(fields.map((field) => [field.field, field.requirement]));
      expect(fields.filter((field) => field.requirement === undefined)).toEqual([]);
      // The positive control: the check sees generated, hand-written and public fields alike.
      expect(byField.get('Query.products')).toBe('model-operation');
      expect(byField.get('Mutation.createOrder')).toBe('model-operation');
      expect(byField.get('Query.storeStats')).toBe('permission');
      expect(byField.get('Mutation.login')).toBe('public');
      expect(byField.get('Query.me')).toBe('authenticated');
      expect(byField.get('Mutation.assignRole')).toBe('permission');
      expect(fields.length).toBeGreaterThan(60);
    } finally {
      await store.close();
    }
  });
});
