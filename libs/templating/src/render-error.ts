/** Turns whatever nunjucks or the compatibility layer threw into a {@link TemplateRenderError}. */
import { TemplateRenderError, TemplatingError } from './errors';

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

function reasonOf(err: NunjucksError): string {
  const cause = err.cause;
  if (cause instanceof TemplatingError) return cause.message;
  if (cause instanceof Error) return cause.message;
  // Parse errors carry no cause; drop nunjucks' "(unknown path) [Line n, Column m]" prefix.
  return err.message.replace(/^\([^)]*\)(?: \[Line \d+, Column \d+\])?\s*/, '').trim();
}

/** nunjucks' parser reports 1-based positions; runtime errors (which carry a `cause`) are 0-based. */
function position(n: unknown, zeroBased: boolean): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n + (zeroBased ? 1 : 0) : undefined;
}

export function toRenderError(err: unknown, field: string, template: string): TemplateRenderError {
  if (err instanceof TemplateRenderError) return err;
  const e = (err instanceof Error ? err : new Error(String(err))) as NunjucksError;
  return new TemplateRenderError({
    field,
    template,
    reason: reasonOf(e),
    line: position(e.lineno, e.cause !== undefined),
    column: position(e.colno, e.cause !== undefined),
    cause: e.cause ?? e,
  });
}
