import type { NotificationPorts } from '@lava/core';
import type { ActionContext } from './action';

/** The host's notification delivery; email and slack actions cannot run without it. */
export function notifier(ctx: ActionContext, type: string): NotificationPorts {
  if (!ctx.ports.notify)
    throw new Error(`${type}: this worker cannot send notifications (no notification port)`);
  return ctx.ports.notify;
}

/** A connection the action names, released under the run's grant. */
export async function actionConnection(ctx: ActionContext, connId: string): Promise<Record<string, unknown>> {
  if (!ctx.connections) throw new Error(`connection ${connId}: this worker has no connections for actions`);
  return ctx.connections.get(connId);
}
