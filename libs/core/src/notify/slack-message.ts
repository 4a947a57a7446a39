/** What a Slack message says and how it looks (action fields over connection defaults). */
export interface SlackMessageInput {
  message: string;
  subject?: string;
  from?: string;
  style?: 'block' | 'attachment' | 'plain';
  colour?: string;
  preamble?: string;
}

/** Slack limits the original applied: message and subject lengths, in characters. */
export const SLACK_MAX_MESSAGE = 3000;
export const SLACK_MAX_SUBJECT = 250;

/**
 * The incoming-webhook body of a message in one of the original's three styles: `block`
 * (header and section blocks), `attachment` (coloured sidebar) or `plain` (text only).
 *
 * @example slackMessageBody({ message: 'done', subject: 'ETL', style: 'plain' }) → { text: '*ETL*\ndone' }
 */
export function slackMessageBody(input: SlackMessageInput): Record<string, unknown> {
  const message = input.message.slice(0, SLACK_MAX_MESSAGE);
  const subject = input.subject?.slice(0, SLACK_MAX_SUBJECT);
  const lead = [input.preamble, input.from ? `From: ${input.from}` : undefined].filter(Boolean).join(' ');
  const fallback = [lead, subject ? `*${subject}*` : undefined, message].filter(Boolean).join('\n');
  if (input.style === 'plain') return { text: fallback };
  if (input.style === 'attachment') {
    return {
      ...(lead ? { text: lead } : {}),
      attachments: [
        { color: input.colour ?? '#439FE0', ...(subject ? { title: subject } : {}), text: message, fallback },
      ],
    };
  }
  const blocks: Record<string, unknown>[] = [];
  if (lead) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: lead }] });
  if (subject) blocks.push({ type: 'header', text: { type: 'plain_text', text: subject } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: message } });
  return { text: fallback, blocks };
}

/** A `#` before hex colours; Slack's named colours (`good`, `warning`, `danger`) stay as they are (the original broke them). */
export function slackColour(value: string | undefined): string | undefined {
  if (value === undefined || ['good', 'warning', 'danger'].includes(value) || value.startsWith('#'))
    return value;
  return `#${value}`;
}
