import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import YAML from 'yaml';
import type { CliContext } from '../cli-context';
import {
  addDependency,
  dagOrderText,
  dagPayload,
  matrixDependencies,
  type Dependencies,
} from '../dag/dag-spec';
import { InvalidDagError } from '../errors';
import { examples } from './help-text';

interface DagGenOptions {
  compact?: boolean;
  group?: string;
  order?: boolean;
  prefix?: string;
  wrap?: string;
  table: string;
  yaml?: boolean;
}

/** CSV in matrix form. */
async function fromCsv(file: string): Promise<Dependencies> {
  // The CSV reader alone, loaded here: the connectors' index would load every database driver.
  const { readCsv } = await import('@lava/connectors/src/load/csv-reader');
  const rows: string[][] = [];
  for await (const row of readCsv(createReadStream(file))) rows.push(row.map((f) => f ?? ''));
  return matrixDependencies(rows);
}

/** SQLite in columnar form: `job_group, job, depends_on` rows of `table`, optionally one group. */
async function fromSqlite(file: string, table: string, group?: string): Promise<Dependencies> {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$/.test(table)) throw new InvalidDagError(`Bad --table ${table}`);
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const sql = `SELECT job, depends_on FROM ${table}${group === undefined ? '' : ' WHERE job_group = ?'}`;
    const rows = db.prepare(sql).all(...(group === undefined ? [] : [group])) as Array<{
      job: string;
      depends_on: string | null;
    }>;
    const deps: Dependencies = new Map();
    for (const r of rows)
      addDependency(deps, String(r.job), r.depends_on === null ? null : String(r.depends_on));
    return deps;
  } catch (err) {
    throw new InvalidDagError(`${file}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

async function load(source: string, opts: DagGenOptions): Promise<Dependencies> {
  if (source.endsWith('.csv')) return fromCsv(source);
  if (/\.sqlite3?$/.test(source)) return fromSqlite(source, opts.table, opts.group);
  if (source.endsWith('.xlsx'))
    throw new InvalidDagError(`${source}: Excel sources are not supported here; save the sheet as CSV`);
  throw new InvalidDagError(
    `${source}: not a .csv or .sqlite/.sqlite3 file (database connections as sources are not supported here; export the table to CSV or SQLite)`,
  );
}

async function dagGen(ctx: CliContext, source: string, opts: DagGenOptions): Promise<void> {
  const deps = await load(source, opts);
  if (opts.order) return void ctx.io.stdout(`${dagOrderText(deps, opts.prefix)}\n`);
  const payload = dagPayload(deps, opts);
  ctx.io.stdout(opts.yaml ? YAML.stringify(payload) : `${JSON.stringify(payload, null, 4)}\n`);
}

/** `lava dag-gen`: the original's lava-dag-gen (a dag job's payload from a dependency table). */
export function registerDagGenCommand(program: Command, ctx: CliContext): void {
  program
    .command('dag-gen')
    .description(
      'a dag job payload from a dependency matrix (CSV) or a job_group/job/depends_on table (SQLite)',
    )
    .argument('<source>', 'a .csv file (matrix form) or a .sqlite/.sqlite3 file (columnar form)')
    .option(
      '-c, --compact',
      'singletons as a string; members that others depend on and that have none are left out',
    )
    .option('-g, --group <group>', 'SQLite: only rows of this job_group')
    .option('-o, --order', 'print one possible run order (in batches) instead of the payload')
    .option('-p, --prefix <prefix>', 'prepend this to every job id')
    .option('-w, --wrap <key>', 'wrap the payload in this map key (e.g. payload)')
    .option('--table <table>', 'SQLite: the table ([schema.]table)', 'dag')
    .option('-y, --yaml', 'YAML instead of JSON')
    .addHelpText(
      'after',
      examples(
        'lava dag-gen deps.csv -c',
        'lava dag-gen deps.sqlite -g nightly -p etl/ -w payload -y',
        'lava dag-gen deps.csv --order',
      ) +
        '\nMatrix CSV: the first column names each job, the first row the jobs it may depend on; a non-empty cell is a dependency.\n',
    )
    .action((source: string, opts: DagGenOptions) => dagGen(ctx, source, opts));
}
