export { startAwsLocal } from './aws-local';
export type { AwsLocalHandle, AwsLocalOptions } from './aws-local';
export { AwsError } from './contracts';
export type {
  RequestContext,
  JsonService,
  SqsDelivery,
  SqsMessageAttribute,
  EventSink,
  InternalEvent,
  Persistable,
} from './contracts';
export { AwsLocalError, AwsLocalConfigError, AwsLocalBackendError } from './errors';
