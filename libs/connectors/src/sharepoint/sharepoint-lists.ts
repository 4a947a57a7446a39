import { SharePointError } from '../errors';
import type { CsvField } from '../load/csv-reader';
import type { ListColumn, SharePointSite } from './sharepoint-site';

/** How `putList` changes a list (the original's modes). */
export const PUT_LIST_MODES = ['append', 'replace', 'update', 'delete'] as const;
export type PutListMode = (typeof PUT_LIST_MODES)[number];

/**
 * The columns `getList` writes: the chosen data columns (default every writable, visible column,
 * a person-or-group column followed by its `<name>LookupId`) and then any system columns asked for.
 */
export function listOutputColumns(
  columns: readonly ListColumn[],
  dataColumns: readonly string[] | undefined,
  systemColumns: readonly string[] = [],
): string[] {
  const data =
    dataColumns ??
    columns
      .filter((c) => !c.readOnly && !c.hidden && c.name !== 'ContentType' && c.name !== 'Attachments')
      .flatMap((c) => (c.personOrGroup ? [c.name, `${c.name}LookupId`] : [c.name]));
  return [...data, ...systemColumns.filter((s) => !data.includes(s))];
}

/** A list's rows as values in `names` order (missing fields are empty). */
export async function* listRows(site: SharePointSite, listId: string, names: readonly string[]) {
  for await (const item of site.items(listId)) {
    yield names.map((n) => {
      const v = item.fields[n];
      return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    });
  }
}

/** What `putList` did. */
export interface PutListResult {
  rows: number;
  deleted: number;
  ignoredColumns: string[];
}

/**
 * Writes CSV rows (first row: column names) into a list. Columns are matched to the list by name,
 * any case; read-only columns are skipped; unknown ones fail with `errorMissing`, else are
 * ignored. `update` and `delete` need an `ID` column.
 */
export async function putList(
  site: SharePointSite,
  listName: string,
  rows: AsyncIterable<CsvField[]>,
  options: { mode: PutListMode; dataColumns?: readonly string[]; errorMissing: boolean },
): Promise<PutListResult> {
  const listId = await site.listId(listName);
  const columns = await site.columns(listId);
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { rows: 0, deleted: 0, ignoredColumns: [] };
  const plan = columnPlan(
    first.value.map((h) => h ?? ''),
    columns,
    options,
  );
  let deleted = 0;
  if (options.mode === 'replace') deleted = await clearList(site, listId);
  let count = 0;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    await writeRow(site, listId, plan, next.value, options.mode);
    count++;
  }
  return {
    rows: count,
    deleted: deleted + (options.mode === 'delete' ? count : 0),
    ignoredColumns: plan.ignored,
  };
}

interface ColumnPlan {
  /** CSV index → list column name, for the columns written. */
  fields: [number, string][];
  idIndex: number;
  ignored: string[];
}

function columnPlan(
  header: string[],
  columns: readonly ListColumn[],
  options: { mode: PutListMode; dataColumns?: readonly string[]; errorMissing: boolean },
): ColumnPlan {
  const byName = new Map<string, ListColumn>();
  for (const c of columns) byName.set(c.name.toLowerCase(), c);
  for (const c of columns) {
    if (c.personOrGroup)
      byName.set(`${c.name}lookupid`.toLowerCase(), { ...c, name: `${c.name}LookupId`, readOnly: false });
  }
  const wanted = options.dataColumns?.map((c) => c.toLowerCase());
  const plan: ColumnPlan = {
    fields: [],
    idIndex: header.findIndex((h) => h.toLowerCase() === 'id'),
    ignored: [],
  };
  header.forEach((h, i) => {
    const column = byName.get(h.toLowerCase());
    if (!column) {
      if (options.errorMissing) throw new SharePointError(`Column ${h} is not in the list`);
      plan.ignored.push(h);
      return;
    }
    if (column.readOnly || h.toLowerCase() === 'id') return;
    if (wanted && !wanted.includes(h.toLowerCase()) && !column.required) return;
    plan.fields.push([i, column.name]);
  });
  if ((options.mode === 'update' || options.mode === 'delete') && plan.idIndex < 0)
    throw new SharePointError(`mode ${options.mode} needs an ID column in the data`);
  return plan;
}

async function writeRow(
  site: SharePointSite,
  listId: string,
  plan: ColumnPlan,
  row: CsvField[],
  mode: PutListMode,
): Promise<void> {
  const id = plan.idIndex >= 0 ? row[plan.idIndex] : undefined;
  if ((mode === 'update' || mode === 'delete') && !id)
    throw new SharePointError(`mode ${mode}: a row has no ID`);
  if (mode === 'delete') return site.deleteItem(listId, id!);
  const fields: Record<string, unknown> = {};
  for (const [i, name] of plan.fields) {
    const value = row[i] ?? null;
    // A new item leaves empty fields out; an update sends null to clear them (Graph's rule).
    if (value !== null && value !== '') fields[name] = value;
    else if (mode === 'update') fields[name] = null;
  }
  return mode === 'update' ? site.updateItem(listId, id!, fields) : site.createItem(listId, fields);
}

async function clearList(site: SharePointSite, listId: string): Promise<number> {
  const ids: string[] = [];
  for await (const item of site.items(listId)) ids.push(item.id);
  for (const id of ids) await site.deleteItem(listId, id);
  return ids.length;
}
