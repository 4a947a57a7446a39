import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SqsContext, type MessageDisposition } from '@lava/aws';
import { DispatchHandler } from './dispatch.handler';

export const DISPATCH_PATTERN = 'lava.dispatch';

/** Dispatch-queue messages: one or more dispatch requests each. */
@Controller()
export class DispatcherConsumer {
  constructor(@Inject(DispatchHandler) private readonly dispatches: DispatchHandler) {}

  @EventPattern(DISPATCH_PATTERN)
  handle(@Payload() body: string, @Ctx() ctx: SqsContext): Promise<MessageDisposition> {
    return this.dispatches.handle({ body, messageId: ctx.message.messageId });
  }
}
