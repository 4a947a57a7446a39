import { inOrder } from '@lava/core';
import type { ActionContext, JobAction } from '../action';

/** `event`: puts one EventBridge event. */
export class EventAction implements JobAction {
  readonly type = 'event';
  readonly allowed = ['source', 'detail_type', 'detail', 'resources', 'event_bus'];
  readonly required = [];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    const render = (v: unknown, field: string) => ctx.render(String(v), field);
    const resources = action.resources;
    if (resources !== undefined && !Array.isArray(resources)) throw new Error('resources must be a list');
    await ctx.ports.putEvent({
      source: action.source !== undefined ? await render(action.source, 'source') : `lava.${ctx.job.realm}`,
      detailType:
        action.detail_type !== undefined
          ? await render(action.detail_type, 'detail_type')
          : 'Lava Job Action',
      detail: JSON.stringify(await detail(action.detail, ctx)),
      resources: resources && (await inOrder(resources, (r, i) => render(r, `resources[${i}]`))),
      eventBusName: action.event_bus !== undefined ? await render(action.event_bus, 'event_bus') : undefined,
    });
  }
}

async function detail(value: unknown, ctx: ActionContext): Promise<unknown> {
  if (value === undefined) return defaultDetail(ctx);
  if (typeof value === 'string') return ctx.render(value, 'detail');
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = await inOrder(Object.entries(value), async ([k, v]) => [
      k,
      typeof v === 'string' ? await ctx.render(v, `detail.${k}`) : v,
    ]);
    return Object.fromEntries(entries);
  }
  throw new Error('detail must be a string or a map');
}

/**
 * The original read `result.exit_status`, which failure results lack, so a detail-less event
 * in on_fail always failed; this falls back to `result.error_data.exit_status`, else null.
 */
function defaultDetail(ctx: ActionContext): Record<string, unknown> {
  const errorData = ctx.result.error_data as Record<string, unknown> | null | undefined;
  return {
    realm: ctx.job.realm,
    worker: ctx.job.worker,
    job_id: ctx.job.job_id,
    run_id: ctx.job.run_id,
    exit_status: ctx.result.exit_status ?? errorData?.exit_status ?? null,
  };
}
