import { type SQSClient } from '@aws-sdk/client-sqs';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Logger } from '@lava/logging';
import { lastValueFrom } from 'rxjs';
import { ACK, type MessageControl, type MessageDisposition, type QueueMessage } from './message-disposition';
import { SqsConsumer, type SqsConsumerOptions } from './sqs-consumer';

/** One queue this transport consumes; messages go to the handler registered for `pattern`. */
export interface SqsQueueBinding extends Omit<SqsConsumerOptions, 'sqs' | 'handler' | 'logger' | 'queueUrl'> {
  pattern: string;
  queueUrl: string;
}

/** Context argument of an SQS message handler (`@Ctx() ctx: SqsContext`). */
export class SqsContext extends BaseRpcContext<[QueueMessage, MessageControl]> {
  get message(): QueueMessage {
    return this.args[0];
  }
  get signal(): AbortSignal {
    return this.args[1].signal;
  }
}

/**
 * SQS as a NestJS microservice transport. Handlers are `@EventPattern(pattern)` methods that
 * receive the message body (parsed by the handler) and return a MessageDisposition (ack by default).
 */
export class SqsServer extends Server implements CustomTransportStrategy {
  private readonly consumers: SqsConsumer[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly bindings: SqsQueueBinding[],
    private readonly log: Logger,
  ) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    for (const binding of this.bindings) {
      const handler = this.getHandlerByPattern(binding.pattern);
      if (!handler) {
        callback(new Error(`no handler for SQS pattern "${binding.pattern}"`));
        return;
      }
      const { pattern: _pattern, ...options } = binding;
      const consumer = new SqsConsumer({
        ...options,
        sqs: this.sqs,
        logger: this.log.child({ queue: binding.queueUrl.split('/').pop() }),
        handler: async (message, control) => {
          const result = await lastValueFrom(
            this.transformToObservable(await handler(message.body, new SqsContext([message, control]))),
            {
              defaultValue: undefined,
            },
          );
          return isDisposition(result) ? result : ACK;
        },
      });
      consumer.start();
      this.consumers.push(consumer);
    }
    callback();
  }

  /** Stops polling and drains in-flight messages. */
  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  get activeMessages(): number {
    return this.consumers.reduce((n, c) => n + c.activeMessages, 0);
  }

  on(): never {
    throw new Error('SqsServer does not emit events');
  }

  unwrap<T>(): T {
    return this.consumers as T;
  }
}

function isDisposition(v: unknown): v is MessageDisposition {
  return (
    !!v &&
    typeof v === 'object' &&
    ['ack', 'release', 'requeue'].includes((v as { kind?: string }).kind ?? '')
  );
}
