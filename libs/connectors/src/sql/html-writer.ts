import { formatValue } from './value-format';

/** Line-oriented renderer of one result set (the delimited, JSONL and HTML outputs share it). */
export interface TextRenderer {
  header: string;
  row(r: readonly unknown[]): string;
  footer: string;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

/** HTML-escapes text the way Jinja's autoescape does (`&<>"'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * One result set as an HTML table fragment, for embedding in a larger page (the original's
 * `lava-sql --format html`): `<TABLE class="lava-sql">`, a `<THEAD>` only with `header`, then one
 * `<TR>` of `<TD>` cells per row. Values are escaped; NULL prints as `None` and booleans as
 * `True`/`False`, as Python's `str()` printed them; other values as in delimited output.
 */
export function htmlRenderer(columns: readonly string[], header: boolean): TextRenderer {
  const cells = (tag: string, values: readonly unknown[]): string =>
    values
      .map((v) => `<${tag}>${escapeHtml(v === null || v === undefined ? 'None' : formatValue(v))}</${tag}>`)
      .join('');
  return {
    header: `<TABLE class="lava-sql">\n${header ? `<THEAD><TR>${cells('TH', columns)}</TR></THEAD>\n` : ''}<TBODY>\n`,
    row: (r) => `<TR>${cells('TD', r)}</TR>\n`,
    footer: '</TBODY>\n</TABLE>\n',
  };
}
