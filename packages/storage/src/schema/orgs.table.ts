/** `orgs`: organisations of the mechanism, projected from `MechanismState` after each batch. */
export interface OrgsTable {
  id: string;
  name: string;
  kind: string;
  /** Log index of the statement that admitted the org. */
  admitted_at: bigint;
}
