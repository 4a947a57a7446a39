export * from './action';
export { ActionRunner } from './action-runner';
export { ActionFailedError } from './errors';
export { LogAction } from './types/log.action';
export { DispatchAction } from './types/dispatch.action';
export { EventAction } from './types/event.action';
export { SqsAction } from './types/sqs.action';
export { SnsAction } from './types/sns.action';
export { StateAction } from './types/state.action';
export { EmailAction } from './types/email.action';
export { SlackAction } from './types/slack.action';

import { ActionRunner } from './action-runner';
import { DispatchAction } from './types/dispatch.action';
import { EventAction } from './types/event.action';
import { LogAction } from './types/log.action';
import { SnsAction } from './types/sns.action';
import { SqsAction } from './types/sqs.action';
import { StateAction } from './types/state.action';
import { EmailAction } from './types/email.action';
import { SlackAction } from './types/slack.action';

/** A runner with every built-in action type. */
export function defaultActions(): ActionRunner {
  return new ActionRunner([
    new LogAction(),
    new DispatchAction(),
    new EventAction(),
    new SqsAction(),
    new SnsAction(),
    new StateAction(),
    new EmailAction(),
    new SlackAction(),
  ]);
}
