/**
 * Who asks, as far as the decision engine is concerned. `RailPrincipal` from
 * `@rail/core` satisfies it; the engine needs nothing else of it.
 */
export interface RbacPrincipal {
  readonly userId: string;
  /** The principal's tenant; `null` for platform-level users. */
  readonly companyId: string | null;
  /** Role names as assigned; the engine adds the inherited ones. */
  readonly roles: readonly string[];
}
