import type { ActionContext } from './action';

/**
 * `message` of sns/sqs actions: a string is rendered; any other value is JSON-encoded first
 * and rendered as one string, so only `{{ }}` inside its string values is active.
 */
export function renderMessage(value: unknown, ctx: ActionContext, field = 'message'): Promise<string> {
  return ctx.render(typeof value === 'string' ? value : JSON.stringify(value), field);
}

/** Truncates to `max` characters (subject lines, slack messages). */
export function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
