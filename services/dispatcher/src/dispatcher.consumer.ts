import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SqsContext, type MessageDisposition } from '@lava/aws';
import { DispatchRequestHandler } from './dispatch-request.handler';

export const DISPATCH_MESSAGE_PATTERN = 'lava.dispatch';

/** Dispatch-queue messages: one or more dispatch requests each. */
@Controller()
export class DispatcherConsumer {
  constructor(@Inject(DispatchRequestHandler) private readonly dispatches: DispatchRequestHandler) {}

  @EventPattern(DISPATCH_MESSAGE_PATTERN)
  handle(@Payload() body: string, @Ctx() ctx: SqsContext): Promise<MessageDisposition> {
    return this.dispatches.handle({ body, messageId: ctx.message.messageId });
  }
}
