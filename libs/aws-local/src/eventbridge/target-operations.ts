import { AwsError } from '../contracts';
import { paginate } from './paging';
import { requireRule } from './rule-operations';
import type { RegionState, TargetRecord } from './state';
import { targetEntryError, validateTarget } from './target-validation';
import { constraintError, optionalLimit, validationError, type Input } from './validation';

const MAX_TARGETS_PER_RULE = 5;
const MAX_ENTRIES = 10;

interface FailedEntry {
  TargetId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

function entries(input: Input, member: 'Targets' | 'Ids'): unknown[] {
  const list = input[member];
  const wire = member.toLowerCase();
  if (!Array.isArray(list)) throw constraintError(wire, undefined, 'Member must not be null');
  if (list.length < 1)
    throw constraintError(wire, '[]', 'Member must have length greater than or equal to 1');
  if (list.length > MAX_ENTRIES) {
    throw constraintError(
      wire,
      `[${list.length} entries]`,
      `Member must have length less than or equal to ${MAX_ENTRIES}`,
    );
  }
  return list;
}

/** Adds or replaces (same Id) targets; a FIFO queue without a message group fails per entry. */
export function putTargets(region: RegionState, input: Input): Record<string, unknown> {
  const { rule } = requireRule(region, input, 'Rule');
  const targets = entries(input, 'Targets').map((raw, i) => validateTarget(raw, i + 1));
  const failed: FailedEntry[] = [];
  const next = new Map(rule.targets);
  for (const target of targets) {
    const error = targetEntryError(target);
    if (error) failed.push({ TargetId: target.Id, ErrorCode: error.code, ErrorMessage: error.message });
    else next.set(target.Id, storedTarget(target));
  }
  if (next.size > MAX_TARGETS_PER_RULE) {
    throw new AwsError(
      'LimitExceededException',
      'The requested resource exceeds the maximum number allowed.',
    );
  }
  rule.targets = next;
  region.touch();
  return { FailedEntryCount: failed.length, FailedEntries: failed };
}

// Keep what the caller sent (ListTargetsByRule answers it verbatim), minus nulls.
function storedTarget(target: TargetRecord): TargetRecord {
  return JSON.parse(JSON.stringify(target, (_k, v: unknown) => (v === null ? undefined : v))) as TargetRecord;
}

export function removeTargets(region: RegionState, input: Input): Record<string, unknown> {
  const { rule } = requireRule(region, input, 'Rule');
  const failed: FailedEntry[] = [];
  for (const id of entries(input, 'Ids')) {
    if (typeof id !== 'string') throw validationError('Target ids must be strings.');
    if (!rule.targets.delete(id)) {
      failed.push({
        TargetId: id,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Target ${id} does not exist on rule ${rule.name}.`,
      });
    }
  }
  region.touch();
  return { FailedEntryCount: failed.length, FailedEntries: failed };
}

export function listTargetsByRule(region: RegionState, input: Input): Record<string, unknown> {
  const { rule } = requireRule(region, input, 'Rule');
  const page = paginate([...rule.targets.values()], (t) => t.Id, optionalLimit(input), input['NextToken']);
  return { Targets: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
