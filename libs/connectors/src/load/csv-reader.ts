import { LoadFailedError } from '../errors';

/** CSV parsing options (Python "excel" defaults: comma, `"`, doubled quotes, no escape char). */
export interface CsvReadOptions {
  delimiter?: string;
  quotechar?: string;
  /** Escape character; the next character is taken literally (the original ignored this option). */
  escapechar?: string | null;
  /** `""` inside a quoted field is one `"` (default true). */
  doublequote?: boolean;
}

/** A parsed field: `null` for an unquoted empty field (SQL NULL), otherwise the text. */
export type CsvField = string | null;

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  EscapeUnquoted,
  EscapeQuoted,
  AfterCr,
}

/**
 * Streaming CSV reader over text chunks. Quoted fields may contain delimiters and newlines.
 * An unquoted empty field yields `null`; a quoted empty field (`""`) yields ''.
 */
export async function* readCsv(
  source: AsyncIterable<string | Buffer>,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvField[]> {
  const p = new CsvParser(options);
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    yield* p.feed(text);
  }
  yield* p.finish();
}

class CsvParser {
  private readonly delim: string;
  private readonly quote: string;
  private readonly esc: string | null;
  private readonly dq: boolean;
  private state = S.FieldStart;
  private field = '';
  private quoted = false;
  private row: CsvField[] = [];
  private rowStarted = false;

  constructor(o: CsvReadOptions) {
    this.delim = o.delimiter ?? ',';
    this.quote = o.quotechar ?? '"';
    this.esc = o.escapechar ?? null;
    this.dq = o.doublequote ?? true;
    if (this.delim.length !== 1 || this.quote.length !== 1 || (this.esc !== null && this.esc.length !== 1)) {
      throw new LoadFailedError('CSV delimiter, quote and escape characters must be single characters');
    }
  }

  *feed(text: string): Generator<CsvField[]> {
    let i = 0;
    while (i < text.length) {
      // Fast paths: copy runs of ordinary characters in one slice instead of char by char.
      const end =
        this.state === S.Unquoted || (this.state === S.FieldStart && text[i] !== this.quote)
          ? this.scanUnquoted(text, i)
          : this.state === S.Quoted
            ? this.scanQuoted(text, i)
            : i;
      if (end > i) {
        this.field += text.slice(i, end);
        if (this.state === S.FieldStart) this.state = S.Unquoted;
        i = end;
        continue;
      }
      const row = this.step(text[i]!);
      if (row !== undefined) yield row;
      i++;
    }
  }

  private scanUnquoted(text: string, from: number): number {
    const d = this.delim.charCodeAt(0);
    const e = this.esc === null ? -1 : this.esc.charCodeAt(0);
    let j = from;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === d || c === 10 || c === 13 || c === e) break;
      j++;
    }
    return j;
  }

  private scanQuoted(text: string, from: number): number {
    const q = this.quote.charCodeAt(0);
    const e = this.esc === null ? -1 : this.esc.charCodeAt(0);
    let j = from;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === q || c === e) break;
      j++;
    }
    return j;
  }

  *finish(): Generator<CsvField[]> {
    if (this.state === S.Quoted || this.state === S.EscapeQuoted)
      throw new LoadFailedError('Unexpected end of data inside a quoted field');
    if (this.rowStarted || this.field !== '' || this.quoted) yield this.endRow();
  }

  private step(c: string): CsvField[] | undefined {
    switch (this.state) {
      case S.AfterCr:
        this.state = S.FieldStart;
        if (c === '\n') return undefined;
        return this.step(c);
      case S.FieldStart:
        if (c === this.quote) {
          this.quoted = true;
          this.rowStarted = true;
          this.state = S.Quoted;
          return undefined;
        }
        this.state = S.Unquoted;
        return this.unquoted(c);
      case S.Unquoted:
        return this.unquoted(c);
      case S.Quoted:
        if (c === this.esc) this.state = S.EscapeQuoted;
        else if (c === this.quote) this.state = this.dq ? S.QuoteInQuoted : S.Unquoted;
        else this.field += c;
        return undefined;
      case S.QuoteInQuoted:
        if (c === this.quote) {
          this.field += c;
          this.state = S.Quoted;
          return undefined;
        }
        this.state = S.Unquoted;
        return this.unquoted(c);
      case S.EscapeUnquoted:
        this.field += c;
        this.state = S.Unquoted;
        return undefined;
      case S.EscapeQuoted:
        this.field += c;
        this.state = S.Quoted;
        return undefined;
    }
  }

  private unquoted(c: string): CsvField[] | undefined {
    if (c === this.delim) {
      this.pushField();
      this.rowStarted = true;
      this.state = S.FieldStart;
      return undefined;
    }
    if (c === '\n' || c === '\r') {
      // A blank line yields nothing (Python csv yields [] which loaders skip).
      const blank = !this.rowStarted && this.field === '' && !this.quoted;
      this.state = c === '\r' ? S.AfterCr : S.FieldStart;
      return blank ? undefined : this.endRow();
    }
    if (c === this.esc) {
      this.state = S.EscapeUnquoted;
      return undefined;
    }
    this.field += c;
    return undefined;
  }

  private pushField(): void {
    this.row.push(this.field === '' && !this.quoted ? null : this.field);
    this.field = '';
    this.quoted = false;
  }

  private endRow(): CsvField[] {
    this.pushField();
    const row = this.row;
    this.row = [];
    this.rowStarted = false;
    this.state = this.state === S.AfterCr ? S.AfterCr : S.FieldStart;
    return row;
  }
}
