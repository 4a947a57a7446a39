import type { CliContext } from '../cli-context';
import { CliError, InvalidInputError, NotFoundError, type FileProblem } from '../errors';
import { loadRecordFiles } from '../input/load-records';
import {
  formatProblems,
  validateRecords,
  type RecordValidator,
  type ValidRecord,
} from '../input/validate-records';

/** The repository operations the record commands need (met by `@lava/aws` repositories). */
export interface RecordStore {
  get(id: string): Promise<Record<string, unknown> | undefined>;
  put(record: never): Promise<void>;
  list(): Promise<Record<string, unknown>[]>;
  delete(id: string): Promise<boolean>;
}

/** How one table's records are validated, stored and shown. */
export interface RecordKind {
  /** `job`, `connection`, `trigger`. */
  kind: string;
  idField: string;
  validate: RecordValidator;
  store(ctx: CliContext): RecordStore;
  /** Columns of `list` output after the id. */
  columns: string[];
  /** Applied before anything is printed (connections hide secrets). */
  present?: (record: Record<string, unknown>) => Record<string, unknown>;
  /** Checks against the realm (referenced records exist) before anything is written. */
  checkRealm?: (
    ctx: CliContext,
    valid: ValidRecord[],
  ) => Promise<{ problems: FileProblem[]; warnings: FileProblem[] }>;
}

/** Load and validate files; throws `InvalidInputError` listing every problem. */
export async function loadValid(
  ctx: CliContext,
  kind: RecordKind,
  files: string[],
  strict: boolean,
  realm = false,
) {
  const loaded = await loadRecordFiles(files);
  const outcome = validateRecords(loaded.records, kind, strict);
  const problems = [...loaded.problems, ...outcome.problems];
  const warnings = [...outcome.warnings];
  if (realm && kind.checkRealm && outcome.valid.length) {
    const found = await kind.checkRealm(ctx, outcome.valid);
    problems.push(
      ...found.problems,
      ...(strict ? found.warnings.map((w) => ({ ...w, message: `${w.message} (--strict)` })) : []),
    );
    warnings.push(...found.warnings);
  }
  // Every warning is shown, also when there are errors.
  if (warnings.length) ctx.note(`warning: ${formatProblems(warnings).replace(/\n/g, '\nwarning: ')}`);
  if (problems.length) throw new InvalidInputError(problems);
  return outcome.valid;
}

/** `put`: validate everything first, write only when every record is valid. */
export async function putRecords(
  ctx: CliContext,
  kind: RecordKind,
  files: string[],
  strict: boolean,
): Promise<void> {
  const valid = await loadValid(ctx, kind, files, strict, true);
  const store = kind.store(ctx);
  for (const v of valid) {
    try {
      await store.put(v.record as never);
    } catch (err) {
      throw new CliError(
        'CLI_WRITE_FAILED',
        `${v.file}: ${kind.kind} ${v.id}: write failed: ${(err as Error).message}`,
        1,
        { cause: err },
      );
    }
    if (!ctx.json) ctx.io.stdout(`put ${kind.kind} ${v.id} (${v.file})\n`);
  }
  if (ctx.json) ctx.print({ written: valid.map((v) => ({ [kind.idField]: v.id, file: v.file })) });
}

/** `validate`: report and write nothing; AWS only with `realm` (checks against the realm). */
export async function validateFiles(
  ctx: CliContext,
  kind: RecordKind,
  files: string[],
  strict: boolean,
  realm = false,
): Promise<void> {
  const valid = await loadValid(ctx, kind, files, strict, realm);
  ctx.print(
    { valid: valid.map((v) => ({ [kind.idField]: v.id, file: v.file })) },
    valid.map((v) => `ok ${kind.kind} ${v.id} (${v.file})`).join('\n'),
  );
}

/** `get`: one record, presented (masked) and printed as YAML or JSON. */
export async function getRecord(ctx: CliContext, kind: RecordKind, id: string): Promise<void> {
  const record = await kind.store(ctx).get(id);
  if (!record) throw new NotFoundError(kind.kind, id);
  ctx.print((kind.present ?? ((r) => r))(record));
}

/** `list`: one line per record (id and columns), or a JSON array of presented records. */
export async function listRecords(
  ctx: CliContext,
  kind: RecordKind,
  records?: Record<string, unknown>[],
): Promise<void> {
  const all = (records ?? (await kind.store(ctx).list())).map(kind.present ?? ((r) => r));
  const line = (r: Record<string, unknown>) =>
    [kind.idField, ...kind.columns].map((c) => cell(r[c])).join('\t');
  ctx.print(all, all.map(line).join('\n') + (all.length ? '' : `(no ${kind.kind}s)`));
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `delete`: every id; exit non-zero when one did not exist. */
export async function deleteRecords(ctx: CliContext, kind: RecordKind, ids: string[]): Promise<void> {
  const store = kind.store(ctx);
  const missing: string[] = [];
  for (const id of ids) {
    if (await store.delete(id)) ctx.io.stdout(`deleted ${kind.kind} ${id}\n`);
    else missing.push(id);
  }
  if (missing.length) throw new NotFoundError(kind.kind, missing.join(', '));
}
