import type { SlackMessageInput } from '../notify/slack-message';
import type { Duration } from '../values/duration';
import type { Json, JsonMap } from './json';
import type { StateType } from './state';

/** Action types registered at run time. `lava` is accepted as an alias of `dispatch`. */
export const ACTION_TYPES = ['dispatch', 'email', 'event', 'log', 'slack', 'sns', 'sqs', 'state'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Action list keys on jobs and realms. */
export const ACTION_LIST_KEYS = ['on_success', 'on_fail', 'on_retry'] as const;
export type ActionListKey = (typeof ACTION_LIST_KEYS)[number];

export interface DispatchAction {
  action: 'dispatch';
  job_id: string;
  parameters?: JsonMap;
  delay?: Duration;
}
export interface EmailAction {
  action: 'email';
  to: string | string[];
  subject: string;
  message: string;
  from?: string;
  email_conn?: string;
  attachments?: string[];
  region?: string;
}
export interface EventAction {
  action: 'event';
  source?: string;
  detail_type?: string;
  detail?: string | Record<string, string>;
  resources?: string[];
  event_bus?: string;
}
export interface LogAction {
  action: 'log';
  message: string;
}
/** A Slack action: the message fields of `SlackMessageInput`, sent through `slack_conn`. */
export interface SlackAction extends SlackMessageInput {
  action: 'slack';
  slack_conn: string;
}
export interface SnsAction {
  action: 'sns';
  topic: string;
  message: string | Json;
  subject?: string;
}
export interface SqsAction {
  action: 'sqs';
  queue: string;
  message: string | Json;
  delay?: Duration;
  dedup_id?: string;
  group_id?: string;
}
export interface StateAction {
  action: 'state';
  state_id: string;
  value: Json;
  type?: StateType;
  ttl?: Duration;
  publisher?: string;
  kms_key?: string;
}

/** A validated job action. The `lava` alias is normalised to `dispatch`. */
export type Action =
  DispatchAction | EmailAction | EventAction | LogAction | SlackAction | SnsAction | SqsAction | StateAction;
