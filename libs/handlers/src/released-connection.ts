import { sanitiseMessage, type ResolvedConnection } from '@lava/connectors';
import { JobFailedError, type HandlerContext } from '@lava/core';

/**
 * The connection `connId` as the secrets broker releases it under the run's grant. A refusal or
 * a failure fails the run with CONNECTION_UNAVAILABLE and the broker's reason, credentials
 * masked; the caller checks that the connection is of the kind it needs.
 */
export async function releasedConnection(
  ctx: Pick<HandlerContext, 'connections'>,
  connId: string,
): Promise<ResolvedConnection> {
  try {
    return (await ctx.connections.get(connId)) as unknown as ResolvedConnection;
  } catch (err) {
    if (err instanceof JobFailedError) throw err;
    const reason = sanitiseMessage(err instanceof Error ? err.message : String(err));
    throw new JobFailedError('CONNECTION_UNAVAILABLE', `Connection ${connId}: ${reason}`, { exit_status: 1 });
  }
}
