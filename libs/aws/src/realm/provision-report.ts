import { isNotFound, translateAwsError } from '../errors';

/** Kinds of realm resources. */
export type ResourceKind =
  'table' | 'index' | 'bus' | 'rule' | 'queue' | 'bucket' | 'record' | 'topic' | 'subscription';

/** One resource touched by a provisioning call. */
export interface ProvisionStep {
  kind: ResourceKind;
  name: string;
  action: 'created' | 'exists' | 'updated' | 'deleted' | 'absent';
  /** Something worth telling the operator (e.g. a feature the endpoint lacks). */
  note?: string;
}

/** Run a delete; a resource that is already gone counts as done. */
export async function removeResource(
  kind: ResourceKind,
  name: string,
  call: () => Promise<unknown>,
): Promise<ProvisionStep> {
  try {
    await call();
    return { kind, name, action: 'deleted' };
  } catch (err) {
    if (isNotFound(err)) return { kind, name, action: 'absent' };
    throw translateAwsError(err, `${kind} ${name}`);
  }
}
