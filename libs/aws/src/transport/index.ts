export * from './message-disposition';
export { SqsConsumer, TRACEPARENT_ATTRIBUTE } from './sqs-consumer';
export type { SqsConsumerOptions } from './sqs-consumer';
export { SqsServer, SqsContext } from './sqs.server';
export type { SqsQueueBinding } from './sqs.server';
export { DeleteBatcher } from './delete-batcher';
