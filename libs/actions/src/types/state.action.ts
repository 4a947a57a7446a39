import { parseDuration, runConfig } from '@lava/core';
import type { ActionContext, JobAction } from '../action';

const TYPES = ['json', 'raw', 'secure'];

/** `state`: writes a state item. */
export class StateAction implements JobAction {
  readonly type = 'state';
  readonly allowed = ['state_id', 'value', 'type', 'ttl', 'publisher', 'kms_key'];
  readonly required = ['state_id', 'value'];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    const stateId = await ctx.render(String(action.state_id), 'state_id');
    if (/^lava/i.test(stateId)) throw new Error(`state_id must not start with "lava": ${stateId}`);
    const type = action.type === undefined ? 'json' : String(action.type);
    if (!TYPES.includes(type)) throw new Error(`bad state type ${type}`);
    const maxTtl = parseDuration(runConfig(ctx, 'STATE_MAX_TTL'));
    const ttl = Math.min(parseDuration(action.ttl ?? runConfig(ctx, 'STATE_TTL')), maxTtl);
    const value = await ctx.renderJson(action.value, 'value');
    await ctx.ports.putState(stateId, value, {
      type,
      ttlSeconds: ttl,
      publisher: await ctx.render(
        action.publisher === undefined ? '{{ job.job_id }}' : String(action.publisher),
        'publisher',
      ),
      kmsKey: action.kms_key === undefined ? undefined : String(action.kms_key),
    });
  }
}
