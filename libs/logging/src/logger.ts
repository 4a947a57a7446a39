/** Severity levels in increasing order; a logger drops lines below its threshold. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Stable keys every line may carry: tests and log queries rely on these names. */
export interface LogContext {
  service?: string;
  realm?: string;
  job_id?: string;
  run_id?: string;
  worker?: string;
  [key: string]: unknown;
}

export type LogSink = (line: string) => void;

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  clock?: () => Date;
}

// Field names whose values are never written, whatever the caller passes: a secret that
// reaches a log line is a breach even when the line is "only" debug output.
const SECRET_KEY = /(pass(word)?|secret|token|credential|private[_-]?key|api[_-]?key|authorization|webhook)/i;
const REDACTED = '[redacted]';

/** Structured JSON logger: one line per call, context fields on every line, secrets redacted. */
export class Logger {
  private readonly threshold: number;
  private readonly sink: LogSink;
  private readonly clock: () => Date;

  constructor(
    private readonly context: LogContext = {},
    options: LoggerOptions = {},
  ) {
    this.threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
    this.sink = options.sink ?? ((line) => process.stdout.write(line + '\n'));
    this.clock = options.clock ?? (() => new Date());
  }

  /** A logger that adds `fields` to every line, e.g. `log.child({ job_id, run_id })`. */
  child(fields: LogContext): Logger {
    return new Logger(
      { ...this.context, ...fields },
      { level: LOG_LEVELS[this.threshold], sink: this.sink, clock: this.clock },
    );
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.write('error', msg, fields);
  }

  /**
   * A service lifecycle line (`ready`, `stopping`) at info level, written whatever the threshold:
   * supervisors and operators rely on seeing it.
   */
  lifecycle(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields, true);
  }

  private write(level: LogLevel, msg: string, fields?: Record<string, unknown>, force = false): void {
    if (!force && LOG_LEVELS.indexOf(level) < this.threshold) return;
    const line = { ts: this.clock().toISOString(), level, ...this.context, msg, ...fields };
    this.sink(JSON.stringify(redact(line)));
  }
}

/** Deep copy of `value` with secret-named fields replaced and errors flattened to name/code/message. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (value instanceof Error) return describeError(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        SECRET_KEY.test(k) && v !== undefined && v !== null && typeof v !== 'boolean'
          ? REDACTED
          : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

function describeError(err: Error): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(code !== undefined ? { code } : {}) };
}
