import { isPlainObject } from './json';
import { checkForeachSpec, FOREACH_PARAMETERS } from './foreach-spec';
import { dagGraph, dagOrder, DAG_PARAMETERS } from './dag-graph';

/**
 * How a foreach or dag runs its children. Only `in-process` (the original's way: inside the
 * parent's run) exists so far; children as runs of their own across the fleet are planned, and
 * `mode` is refused with any other value rather than silently ignored.
 */
export const ORCHESTRATION_MODES = ['in-process'] as const;
/** Mode parameters shared by foreach and dag. */
export const FLEET_PARAMETERS = ['mode'] as const;

/**
 * Problems in the parameters and payload of a foreach or dag job, as `[pointer, message]` pairs:
 * what `lava job put` reports before the job is stored. Other job types have none here.
 */
export function checkOrchestrationJob(job: {
  type?: unknown;
  payload?: unknown;
  parameters?: unknown;
}): Array<[string, string]> {
  if (job.type !== 'foreach' && job.type !== 'dag') return [];
  const p = isPlainObject(job.parameters) ? job.parameters : {};
  const allowed: readonly string[] = [
    ...(job.type === 'foreach' ? FOREACH_PARAMETERS : DAG_PARAMETERS),
    ...FLEET_PARAMETERS,
  ];
  const problems: Array<[string, string]> = Object.keys(p)
    .filter((k) => !allowed.includes(k) && !/^x-/i.test(k))
    .map((k) => [`/parameters/${k}`, `Unexpected parameter ${k} for a ${String(job.type)} job`]);
  problems.push(...checkFleetParameters(p));
  if (job.type === 'foreach') {
    if (typeof job.payload !== 'string' || !job.payload.trim())
      problems.push(['/payload', 'Bad payload: must be string (the child job id)']);
    if (!('foreach' in p)) problems.push(['/parameters/foreach', 'foreach job needs parameters.foreach']);
    else
      problems.push(
        ...checkForeachSpec(p.foreach).map(([f, m]): [string, string] => [
          `/parameters/foreach${f ? `/${f}` : ''}`,
          m,
        ]),
      );
    if ('limit' in p && !(Number.isInteger(p.limit) && (p.limit as number) >= 1))
      problems.push(['/parameters/limit', 'limit must be an integer >= 1']);
    if ('can_fail' in p && typeof p.can_fail !== 'boolean')
      problems.push(['/parameters/can_fail', 'can_fail must be true or false']);
    return problems;
  }
  try {
    const order = dagOrder(dagGraph(job.payload, typeof p.job_prefix === 'string' ? p.job_prefix : ''));
    if ('cycle' in order) problems.push(['/payload', `Jobs are in a cycle: ${order.cycle.join(', ')}`]);
  } catch (err) {
    problems.push(['/payload', (err as Error).message]);
  }
  if ('workers' in p && !(Number.isInteger(p.workers) && (p.workers as number) >= 1))
    problems.push(['/parameters/workers', 'workers must be an integer >= 1']);
  return problems;
}

function checkFleetParameters(p: Record<string, unknown>): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if ('mode' in p && !ORCHESTRATION_MODES.includes(p.mode as never))
    problems.push([
      '/parameters/mode',
      `mode must be one of ${ORCHESTRATION_MODES.join(', ')} (fleet mode is not available yet)`,
    ]);
  return problems;
}
