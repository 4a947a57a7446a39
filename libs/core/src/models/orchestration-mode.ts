import { isPlainObject } from './json';
import { checkForeachSpec, FOREACH_PARAMETERS } from './foreach-spec';
import { dagGraph, dagOrder, DAG_PARAMETERS } from './dag-graph';
import { FLEET_POLICIES } from './fleet';

/**
 * How a foreach or dag runs its children: `in-process` (the default, the original's way: inside
 * the parent's run) or `fleet` (each child a run of its own across the worker fleet, see
 * `advanceFleet`). Any other value is refused rather than silently ignored.
 */
export const ORCHESTRATION_MODES = ['in-process', 'fleet'] as const;
/** Mode parameters shared by foreach and dag (`concurrency` and `failure_policy` apply to fleet mode). */
export const FLEET_PARAMETERS = ['mode', 'concurrency', 'failure_policy'] as const;

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
    problems.push(['/parameters/mode', `mode must be one of ${ORCHESTRATION_MODES.join(', ')}`]);
  if ('concurrency' in p && !(Number.isInteger(p.concurrency) && (p.concurrency as number) >= 1))
    problems.push(['/parameters/concurrency', 'concurrency must be an integer >= 1']);
  if ('failure_policy' in p && !FLEET_POLICIES.includes(p.failure_policy as never))
    problems.push([
      '/parameters/failure_policy',
      `failure_policy must be one of ${FLEET_POLICIES.join(', ')}`,
    ]);
  return problems;
}
