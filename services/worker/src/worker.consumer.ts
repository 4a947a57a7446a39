import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SqsContext, type MessageDisposition } from '@lava/aws';
import { RunMessageHandler } from '@lava/runner';

export const RUN_PATTERN = 'lava.run';

/** Worker-queue messages: one run each. */
@Controller()
export class WorkerConsumer {
  constructor(@Inject(RunMessageHandler) private readonly runs: RunMessageHandler) {}

  @EventPattern(RUN_PATTERN)
  handle(@Payload() body: string, @Ctx() ctx: SqsContext): Promise<MessageDisposition> {
    return this.runs.handle(
      {
        body,
        receiveCount: ctx.message.receiveCount,
        messageId: ctx.message.messageId,
        traceparent: ctx.message.traceparent,
      },
      ctx.signal,
    );
  }
}
