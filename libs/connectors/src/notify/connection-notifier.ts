import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage, NotificationPorts, SesRawSender } from '@lava/core';
import { ConnectorError } from '../errors';

/** SMTP connect and greeting timeout (the original's 10 s). */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Delivers email and Slack messages through connections the secrets broker released: SMTP with
 * nodemailer, SES as a MIME message built by nodemailer's composer (attachments included), Slack
 * through its incoming webhook. Errors name the connection, never its secrets.
 */
export class ConnectionNotifier implements NotificationPorts {
  constructor(
    private readonly post: typeof fetch = fetch,
    /** Amazon SES; without it, SES connections fail with a clear error. */
    private readonly ses?: SesRawSender,
  ) {}

  async sendEmail(connection: Record<string, unknown>, message: MailMessage): Promise<void> {
    const settings = (connection.email ?? {}) as Record<string, unknown>;
    const connId = String(connection.connId ?? connection.conn_id ?? 'email');
    if (settings.subtype === 'ses') return this.sendSes(connId, settings, message);
    if (settings.subtype !== 'smtp') {
      throw new ConnectorError(
        'CONNECTION_UNSUPPORTED',
        `connection ${connId}: email subtype ${String(settings.subtype)} is not one of smtp, ses`,
      );
    }
    const transport = createTransport({
      host: String(settings.host),
      port: Number(settings.port),
      secure: settings.tls === true,
      requireTLS: settings.starttls === true,
      ignoreTLS: settings.tls !== true && settings.starttls !== true,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      ...(settings.user
        ? { auth: { user: String(settings.user), pass: String(settings.password ?? '') } }
        : {}),
    });
    try {
      await transport.sendMail({
        ...message,
        replyTo: message.replyTo?.length ? message.replyTo : undefined,
      });
    } catch (err) {
      const e = err as { code?: string; responseCode?: number };
      throw new ConnectorError(
        'CONNECTION_UNREACHABLE',
        `connection ${connId}: SMTP send failed (${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''})`,
      );
    } finally {
      transport.close();
    }
  }

  private async sendSes(
    connId: string,
    settings: Record<string, unknown>,
    message: MailMessage,
  ): Promise<void> {
    if (!this.ses)
      throw new ConnectorError(
        'CONNECTION_UNSUPPORTED',
        `connection ${connId}: this host cannot send through SES`,
      );
    const raw = await new MailComposer({
      ...message,
      replyTo: message.replyTo?.length ? message.replyTo : undefined,
    })
      .compile()
      .build();
    const destination = {
      region: typeof settings.region === 'string' ? settings.region : undefined,
      configurationSet: typeof settings.configurationSet === 'string' ? settings.configurationSet : undefined,
      ...(message.bcc?.length ? { recipients: [...message.to, ...(message.cc ?? []), ...message.bcc] } : {}),
    };
    try {
      await this.ses.sendRaw(raw, destination);
    } catch (err) {
      throw new ConnectorError(
        'CONNECTION_UNREACHABLE',
        `connection ${connId}: SES send failed (${(err as Error).name}: ${(err as Error).message})`,
      );
    }
  }

  async postSlack(connection: Record<string, unknown>, body: Record<string, unknown>): Promise<void> {
    const connId = String(connection.connId ?? 'slack');
    let status: number;
    try {
      const res = await this.post(String(connection.webhookUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(SMTP_TIMEOUT_MS),
      });
      status = res.status;
    } catch (err) {
      throw new ConnectorError(
        'CONNECTION_UNREACHABLE',
        `connection ${connId}: Slack webhook unreachable (${(err as Error).name})`,
      );
    }
    if (status < 200 || status > 299)
      throw new ConnectorError(
        'CONNECTION_UNREACHABLE',
        `connection ${connId}: Slack webhook answered HTTP ${status}`,
      );
  }
}
