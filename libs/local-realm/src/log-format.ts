/** ANSI colours for service prefixes, picked by index so each service keeps its colour. */
const COLOURS = [36, 35, 33, 32, 34, 31, 96, 95];
const LEVEL_COLOUR: Record<string, number> = { debug: 90, info: 0, warn: 33, error: 31 };
const HIDDEN_KEYS = new Set(['ts', 'level', 'msg', 'service', 'realm']);

export interface FormatOptions {
  colour: boolean;
  /** Print the raw JSON line instead of the readable form. */
  json: boolean;
}

/** `[worker    ] 12:00:01 info  Job x: Complete job_id=x run_id=…` from one structured log line. */
export function formatLogLine(
  service: string,
  index: number,
  width: number,
  line: string,
  options: FormatOptions,
): string {
  const prefix = paint(`[${service.padEnd(width)}]`, COLOURS[index % COLOURS.length]!, options.colour);
  if (options.json) return `${prefix} ${line}`;
  const record = parseJson(line);
  if (!record) return `${prefix} ${line}`;
  const level = String(record.level ?? 'info');
  const time = typeof record.ts === 'string' ? record.ts.slice(11, 19) : '';
  const extras = Object.entries(record)
    .filter(([k]) => !HIDDEN_KEYS.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const head = paint(level.padEnd(5), LEVEL_COLOUR[level] ?? 0, options.colour);
  return `${prefix} ${time} ${head} ${String(record.msg ?? '')}${extras ? '  ' + paint(extras, 90, options.colour) : ''}`;
}

function parseJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function paint(text: string, code: number, enabled: boolean): string {
  return enabled && code ? `\u001b[${code}m${text}\u001b[0m` : text;
}
