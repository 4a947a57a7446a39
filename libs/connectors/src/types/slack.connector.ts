import { slackColour } from '@lava/core';
import { ConnectionInvalidError } from '../errors';
import type { ConnectionSpec, ResolveContext, ResolvedSlackConnection } from '../model/connection';
import { optString, rejectUnknownFields } from '../model/fields';

const STYLES = ['block', 'attachment', 'plain'] as const;

/**
 * `slack`: `webhook_url` names an SSM parameter holding the URL (preferred). A literal `https://`
 * URL is still accepted for old records but is treated as a secret all the same.
 */
export class SlackConnector {
  readonly types = ['slack'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedSlackConnection> {
    rejectUnknownFields(spec, ['webhook_url', 'style', 'colour', 'preamble', 'from']);
    const ref = optString(spec, 'webhook_url');
    if (ref === undefined)
      throw new ConnectionInvalidError('webhook_url must be specified', { conn_id: spec.conn_id });
    const webhookUrl = /^https:\/\//i.test(ref) ? ref : await ctx.secrets.ssmParameter(ref);
    const style = optString(spec, 'style') ?? 'block';
    if (!(STYLES as readonly string[]).includes(style))
      throw new ConnectionInvalidError(`Bad slack style ${style}`, { conn_id: spec.conn_id });
    return {
      kind: 'slack',
      connId: spec.conn_id,
      type: 'slack',
      canonicalType: 'slack',
      spec,
      webhookUrl,
      style: style as ResolvedSlackConnection['style'],
      colour: slackColour(optString(spec, 'colour')),
      preamble: optString(spec, 'preamble'),
      from: optString(spec, 'from'),
      secretValues: [webhookUrl],
    };
  }
}
