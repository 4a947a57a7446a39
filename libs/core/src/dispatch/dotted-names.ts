import { CORE_ERROR_CODES, LavaError } from '../errors';
import type { JsonMap } from '../models/json';

/** Error from {@link expandDottedAssignments}. */
export class DottedNameError extends LavaError {
  override readonly name = 'DottedNameError';
  constructor(message: string) {
    super(CORE_ERROR_CODES.DOTTED_NAME_INVALID, message);
  }
}

/**
 * Expands `name=value` assignments (`-p`/`-g` values) into nested maps: the name is split
 * at `.` (empty segments kept), the value at the first `=`. A repeated name: the last one wins.
 * Unlike the original, a conflict is refused in both orders: `a=1` then `a.b=2` gives
 * `Path conflict: a.b`, and `a.b=2` then `a=1` gives `Path conflict: a` (the original silently
 * kept whichever came last).
 *
 * @example expandDottedAssignments(['a.b=1', 'a.c=2']) → { a: { b: '1', c: '2' } }
 * @throws DottedNameError for a value without `=` or a path conflict.
 */
export function expandDottedAssignments(assignments: readonly string[]): JsonMap {
  const root: JsonMap = {};
  const leaves = new Set<string>();
  const branches = new Set<string>();
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq < 0) throw new DottedNameError(`Expected name=value: ${assignment}`);
    const name = assignment.slice(0, eq);
    const path = name.split('.');
    checkConflict(path, name, leaves, branches);
    setPath(root, path, assignment.slice(eq + 1));
    leaves.add(name);
    for (let i = 1; i < path.length; i++) branches.add(path.slice(0, i).join('\u0000'));
  }
  return root;
}

function checkConflict(path: string[], name: string, leaves: Set<string>, branches: Set<string>): void {
  for (let i = 1; i < path.length; i++) {
    if (leaves.has(path.slice(0, i).join('.'))) throw new DottedNameError(`Path conflict: ${name}`);
  }
  if (branches.has(path.join('\u0000'))) throw new DottedNameError(`Path conflict: ${name}`);
}

function setPath(root: JsonMap, path: string[], value: string): void {
  let node = root;
  for (const seg of path.slice(0, -1)) {
    const next = node[seg];
    node = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (node[seg] = {});
  }
  node[path[path.length - 1] as string] = value;
}
