import { OutputFailedError } from '../errors';
import { formatValue, isNumericValue } from './value-format';

export type QuotingStyle = 'all' | 'minimal' | 'nonnumeric' | 'none';
export type CsvDialect = 'excel' | 'excel-tab' | 'unix';

/** Resolved delimited-output options. */
export interface DelimitedOptions {
  delimiter: string;
  quotechar: string;
  quoting: QuotingStyle;
  doublequote: boolean;
  escapechar: string | null;
  lineTerminator: string;
  header: boolean;
}

/** Job-style input: every field optional, `dialect` selects only the line terminator. */
export interface DelimitedOptionsInput {
  delimiter?: string;
  quotechar?: string;
  quoting?: string;
  doublequote?: boolean;
  escapechar?: string | null;
  dialect?: string;
  lineTerminator?: string;
  header?: boolean;
  /** jsonl only: write each object's keys sorted (the original lava-sql `--sort-keys`). */
  sortKeys?: boolean;
}

/**
 * Defaults for the sql/sqli/sqlv jobs: `|` delimiter, excel line ends, minimal quoting and
 * — deliberately unlike the original — `doublequote: true`, so a value containing `"` is written
 * RFC 4180 style instead of failing the job.
 */
export const SQL_JOB_CSV_DEFAULTS: Readonly<DelimitedOptionsInput> = {
  delimiter: '|',
  quotechar: '"',
  quoting: 'minimal',
  doublequote: true,
  escapechar: null,
  dialect: 'excel',
  header: false,
};

const QUOTING = new Set<QuotingStyle>(['all', 'minimal', 'nonnumeric', 'none']);

/** Validate and complete options; defaults are RFC 4180 (comma, `"`, doubled quotes, CRLF). */
export function resolveDelimitedOptions(input: DelimitedOptionsInput = {}): DelimitedOptions {
  const quoting = (input.quoting ?? 'minimal').toLowerCase() as QuotingStyle;
  if (!QUOTING.has(quoting)) throw new OutputFailedError('Bad quoting style');
  const dialect = input.dialect ?? 'excel';
  if (!['excel', 'excel-tab', 'unix'].includes(dialect))
    throw new OutputFailedError(`Bad dialect: ${dialect}`);
  const opts: DelimitedOptions = {
    delimiter: input.delimiter ?? ',',
    quotechar: input.quotechar ?? '"',
    quoting,
    doublequote: input.doublequote ?? true,
    escapechar: input.escapechar ?? null,
    lineTerminator: input.lineTerminator ?? (dialect === 'unix' ? '\n' : '\r\n'),
    header: input.header ?? false,
  };
  for (const k of ['delimiter', 'quotechar'] as const) {
    if (opts[k].length !== 1) throw new OutputFailedError(`${k} must be a single character`);
  }
  if (opts.escapechar !== null && opts.escapechar.length !== 1)
    throw new OutputFailedError('escapechar must be a single character');
  return opts;
}

/** Formats rows of SQL values into delimited text lines. */
export class DelimitedWriter {
  constructor(readonly opts: DelimitedOptions) {}

  /** One output line including the line terminator. */
  formatRow(values: readonly unknown[]): string {
    const { quoting, lineTerminator } = this.opts;
    if (values.length === 1 && (values[0] === null || values[0] === undefined || values[0] === '')) {
      // A lone empty field would be indistinguishable from an empty line.
      if (quoting === 'none') throw new OutputFailedError('single empty field record must be quoted');
      return `${this.opts.quotechar}${this.opts.quotechar}${lineTerminator}`;
    }
    let line = '';
    for (let i = 0; i < values.length; i++) {
      if (i > 0) line += this.opts.delimiter;
      line += this.field(values[i]);
    }
    return line + lineTerminator;
  }

  private field(v: unknown): string {
    const { quoting, quotechar } = this.opts;
    const forced = quoting === 'all' || (quoting === 'nonnumeric' && !isNumericValue(v));
    const text = formatValue(v);
    if (!forced && !this.needsWork(text)) return text;
    const { body, quote } = this.escape(text);
    return forced || quote ? `${quotechar}${body}${quotechar}` : body;
  }

  private needsWork(s: string): boolean {
    const { delimiter, quotechar, escapechar } = this.opts;
    return (
      s.includes(delimiter) ||
      s.includes(quotechar) ||
      s.includes('\n') ||
      s.includes('\r') ||
      (escapechar !== null && s.includes(escapechar))
    );
  }

  /** Python csv rules: which characters are escaped and whether the field must be quoted. */
  private escape(s: string): { body: string; quote: boolean } {
    const { delimiter, quotechar, escapechar, doublequote, quoting } = this.opts;
    let body = '';
    let quote = false;
    for (const c of s) {
      const special = c === delimiter || c === quotechar || c === '\n' || c === '\r' || c === escapechar;
      if (!special) {
        body += c;
        continue;
      }
      let wantEscape = quoting === 'none';
      if (!wantEscape) {
        if (c === quotechar && doublequote) body += quotechar;
        else if (c === quotechar || c === escapechar) wantEscape = true;
        if (!wantEscape) quote = true;
      }
      if (wantEscape) {
        if (escapechar === null) throw new OutputFailedError('need to escape, but no escapechar set');
        body += escapechar;
      }
      body += c;
    }
    return { body, quote };
  }
}
