import {
  checkForeachSpec,
  fleetChildSummary,
  FLEET_PARAMETERS,
  FOREACH_GENERATORS,
  FOREACH_PARAMETERS,
  JobFailedError,
  type HandlerContext,
  type HandlerResult,
  runConfig,
} from '@lava/core';
import type { ConnectorRegistry } from '@lava/connectors';
import { BadParametersError } from '../errors';
import type { JobHandler } from '../handler';
import { checkParameterKeys, jinjaParameter } from '../exec/parameters';
import { foreachGenerators, type ForeachGenerator, type ForeachValues } from '../foreach';
import { orchestrationMode } from '../orchestration/fleet-options';
import { failIfFleetFailed, runFleet } from '../orchestration/fleet-run';

const ALLOWED = [...FOREACH_PARAMETERS, ...FLEET_PARAMETERS];

/**
 * `foreach`: runs one child job once per value set of a generator, each with the values in its
 * globals and `globals.lava.foreach_index`: in process, one after another (the default), or in
 * fleet mode as runs of their own across the fleet.
 */
export class ForeachHandler implements JobHandler {
  readonly type = 'foreach';
  private readonly generators: Map<string, ForeachGenerator>;

  constructor(registry?: ConnectorRegistry) {
    this.generators = foreachGenerators(registry);
  }

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkParameterKeys(this.type, p, ALLOWED, ['foreach']);
    if (typeof ctx.job.payload !== 'string' || !ctx.job.payload.trim())
      throw new JobFailedError('BAD_PAYLOAD', 'Bad payload: must be string');
    const child = ctx.job.payload.trim();
    const mode = orchestrationMode(this.type, p);
    const limit = foreachLimit(ctx, p.limit);
    const values = async () => {
      const generator = this.generator(p.foreach);
      const spec = await renderSpec(ctx, p.foreach as Record<string, unknown>, jinjaParameter(p.jinja));
      return collect(generator, spec, ctx, limit);
    };
    const canFail = p.can_fail === true;
    if (mode === 'fleet') return fleetForeach(ctx, child, limit, canFail, values);
    return this.inProcess(ctx, child, limit, canFail, await values());
  }

  private async inProcess(
    ctx: HandlerContext,
    child: string,
    limit: number,
    canFail: boolean,
    values: ForeachValues[],
  ): Promise<HandlerResult> {
    const failed: number[] = [];
    let completed = 0;
    for (const [i, globals] of values.entries()) {
      const outcome = await ctx.children.run(child, ctx.job, { globals, lava: { foreach_index: i } });
      if (outcome.status !== 'failed') {
        completed++;
        continue;
      }
      failed.push(i);
      if (canFail) continue;
      const error = `Job ${child}: Index ${i}: ${String(outcome.result.error ?? 'failed')}`;
      throw new JobFailedError('FOREACH_CHILD_FAILED', error, {
        exit_status: 1,
        limit,
        foreach_len: values.length,
        jobs_completed: completed,
        failed_indexes: failed,
        error,
      });
    }
    return {
      exit_status: 0,
      limit,
      foreach_len: values.length,
      jobs_completed: completed,
      failed_indexes: failed,
    };
  }

  private generator(spec: unknown): ForeachGenerator {
    const problems = checkForeachSpec(spec);
    if (problems.length) throw new BadParametersError(this.type, problems.map(([, m]) => m).join('; '));
    return this.generators.get(String((spec as Record<string, unknown>).type))!;
  }
}

/** Fleet mode: one run per value set, dispatched across the fleet (see runFleet). */
async function fleetForeach(
  ctx: HandlerContext,
  child: string,
  limit: number,
  canFail: boolean,
  values: () => Promise<ForeachValues[]>,
): Promise<HandlerResult> {
  const record = await runFleet(ctx, 'foreach', async () =>
    (await values()).map((globals, i) => ({
      key: String(i),
      job_id: child,
      excused: canFail,
      globals,
      lava: { foreach_index: i },
    })),
  );
  const failed = record.children.filter((c) => c.state === 'failed').map((c) => Number(c.key));
  const result = {
    exit_status: 0,
    mode: 'fleet',
    limit,
    foreach_len: record.children.length,
    jobs_completed: record.children.filter((c) => c.state === 'complete').length,
    failed_indexes: failed,
    children: fleetChildSummary(record),
  };
  failIfFleetFailed(record, result);
  return result;
}

/** `limit` (default config FOREACH_LIMIT, 10), at most FOREACH_MAX_LIMIT (25). */
function foreachLimit(ctx: HandlerContext, value: unknown): number {
  const max = Number(runConfig(ctx, 'FOREACH_MAX_LIMIT'));
  const limit =
    value === undefined || value === null ? Number(runConfig(ctx, 'FOREACH_LIMIT')) : Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new BadParametersError('foreach', `limit must be an integer >= 1, got ${String(value)}`);
  if (limit > max) throw new BadParametersError('foreach', `limit must be <= ${max} (FOREACH_MAX_LIMIT)`);
  return limit;
}

/** The generator spec with its rendered fields rendered (query text never is). */
async function renderSpec(
  ctx: HandlerContext,
  spec: Record<string, unknown>,
  jinja: boolean,
): Promise<Record<string, unknown>> {
  if (!jinja) return spec;
  const out = { ...spec };
  for (const field of FOREACH_GENERATORS[String(spec.type)]!.rendered) {
    if (typeof out[field] === 'string')
      out[field] = await ctx.renderer.render(out[field], `parameters.foreach.${field}`);
  }
  return out;
}

/** Every value set, pulled lazily: one past the limit fails before any child runs. */
async function collect(
  generator: ForeachGenerator,
  spec: Record<string, unknown>,
  ctx: HandlerContext,
  limit: number,
): Promise<ForeachValues[]> {
  const values: ForeachValues[] = [];
  for await (const v of generator.values(spec, ctx)) {
    if (values.length === limit)
      throw new JobFailedError('FOREACH_LIMIT_EXCEEDED', `foreach value list exceeds limit of ${limit}`);
    values.push(v);
  }
  return values;
}
