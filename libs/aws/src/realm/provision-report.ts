/** Kinds of realm resources. */
export type ResourceKind = 'table' | 'index' | 'bus' | 'rule' | 'queue' | 'bucket' | 'record';

/** One resource touched by a provisioning call. */
export interface ProvisionStep {
  kind: ResourceKind;
  name: string;
  action: 'created' | 'exists' | 'updated' | 'deleted' | 'absent';
  /** Something worth telling the operator (e.g. a feature the endpoint lacks). */
  note?: string;
}
