import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SqsContext, type MessageDisposition } from '@lava/aws';
import { TriggerHandler } from './trigger.handler';

export const TRIGGER_PATTERN = 'lava.triggers';

/** Trigger-queue messages: S3 object events and rule-trigger events. */
@Controller()
export class TriggerConsumer {
  constructor(@Inject(TriggerHandler) private readonly triggers: TriggerHandler) {}

  @EventPattern(TRIGGER_PATTERN)
  handle(@Payload() body: string, @Ctx() ctx: SqsContext): Promise<MessageDisposition> {
    return this.triggers.handle({ body, messageId: ctx.message.messageId });
  }
}
