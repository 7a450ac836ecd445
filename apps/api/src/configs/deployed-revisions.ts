/**
 * What the configuration reads of a machine's runtime state: the revision it
 * was last deployed from (for drift). The VM manager owns that state and is
 * its only writer (vms/machine-state.service.ts provides this port), so the
 * configuration depends on no VM code and no `configs → vms` import exists.
 */
export abstract class DeployedRevisions {
  /** name → deployed revision (null, or absent, when never deployed). */
  abstract deployedRevisions(networkId: string, names: string[]): Promise<Map<string, string | null>>;
}
