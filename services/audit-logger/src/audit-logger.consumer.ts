import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SqsContext, type MessageDisposition } from '@lava/aws';
import { AuditHandler } from './audit.handler';

export const AUDIT_MESSAGE_PATTERN = 'lava.audit';

/** Audit-queue messages: every Lava event on the realm bus. */
@Controller()
export class AuditLoggerConsumer {
  constructor(@Inject(AuditHandler) private readonly audit: AuditHandler) {}

  @EventPattern(AUDIT_MESSAGE_PATTERN)
  handle(@Payload() body: string, @Ctx() ctx: SqsContext): Promise<MessageDisposition> {
    return this.audit.handle({ body, messageId: ctx.message.messageId });
  }
}
