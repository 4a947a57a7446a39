import { createTransport } from 'nodemailer';
import type { MailMessage, NotificationPorts } from '@lava/core';
import { ConnectorError } from '../errors';

/** SMTP connect and greeting timeout (the original's 10 s). */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Delivers email and Slack messages through connections the secrets broker released: SMTP with
 * nodemailer, Slack through its incoming webhook. Errors name the connection, never its secrets.
 */
export class ConnectionNotifier implements NotificationPorts {
  constructor(private readonly post: typeof fetch = fetch) {}

  async sendEmail(connection: Record<string, unknown>, message: MailMessage): Promise<void> {
    const settings = (connection.email ?? {}) as Record<string, unknown>;
    const connId = String(connection.connId ?? connection.conn_id ?? 'email');
    if (settings.subtype !== 'smtp') {
      throw new ConnectorError(
        'CONNECTION_UNSUPPORTED',
        `connection ${connId}: email subtype ${String(settings.subtype)} cannot send here (use an smtp connection)`,
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
