import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ConnectorError, LoadFailedError } from '../errors';
import type { SqlSession } from '../session/sql-session';
import { readCsv, type CsvField } from './csv-reader';
import { loadDialectFor, type LoadDialect } from './load-dialect';
import { resolveLoad, type LoadColumn, type LoadDelimitedOptions, type ResolvedLoad } from './load-options';

export interface LoadResult {
  /** Qualified, quoted name of the table that received the rows. */
  table: string;
  /** Rows loaded; undefined when a server-side load does not report it (Redshift COPY). */
  rows: number | undefined;
  /** Step log as returned by the original (`Checking…`, `Creating table…`, `Commit …`). */
  events: string[];
}

/**
 * Load delimited text into a table (db_from_s3 for PostgreSQL, MySQL/MariaDB, SQLite and Oracle), or let
 * the engine read it from S3 (`serverLoad`: Redshift, RDS/Aurora PostgreSQL, Aurora MySQL).
 * Everything happens in one transaction: a failure leaves the target exactly as before. Where DDL
 * commits implicitly (MySQL) the loader compensates: tables it created are dropped again, and
 * `drop` mode loads into a staging table that is swapped in atomically with RENAME TABLE.
 *
 * @example
 * await loadDelimited(session, { table: 'sales', source: s3Body, columns: ['id int', 'name text'], header: true, mode: 'truncate' });
 */
export async function loadDelimited(session: SqlSession, opts: LoadDelimitedOptions): Promise<LoadResult> {
  const dialect = loadDialectFor(session.dialect);
  const plan = resolveLoad(session, dialect, opts);
  return new LoadRun(session, dialect, plan, opts).run();
}

class LoadRun {
  private readonly events: string[] = [];
  /** Tables created outside the transaction (MySQL) that must go if the load fails. */
  private readonly compensate: string[] = [];

  constructor(
    private readonly s: SqlSession,
    private readonly d: LoadDialect,
    private readonly p: ResolvedLoad,
    private readonly o: LoadDelimitedOptions,
  ) {}

  async run(): Promise<LoadResult> {
    if (this.d.transactionalDdl) await this.s.begin();
    try {
      const result = this.o.mode === 'switch' ? await this.runSwitch() : await this.runSimple();
      await this.s.commit();
      this.log(`Commit ${result.table}`);
      // Created tables are now committed and wanted; only an unswapped staging table may go.
      this.compensate.splice(
        0,
        this.compensate.length,
        ...(this.swap === undefined ? [] : [this.swap.staging]),
      );
      await this.afterCommit();
      return { ...result, events: this.events };
    } catch (err) {
      await this.fail();
      throw asLoadError(err);
    }
  }

  private swap: { staging: string; target: string } | undefined;

  private async runSimple(): Promise<{ table: string; rows: number | undefined }> {
    const name = this.p.table;
    const target = this.p.qualify(name);
    this.log(`Checking ${target}`);
    const exists = await this.d.tableExists(this.s, this.p.schema, name);
    if (exists && this.o.mode === 'abort' && (await this.hasRows(target)))
      throw new LoadFailedError(`Table ${target} already contains data`);
    let loadInto = target;
    if (!exists) await this.create(target);
    else if (this.o.mode === 'drop' && this.d.transactionalDdl) {
      this.log(`Dropping ${target}`);
      await this.s.execute(`DROP TABLE ${target}`);
      await this.create(target);
    } else if (this.o.mode === 'drop') {
      loadInto = this.p.qualify(`${name}__lava_${randomBytes(4).toString('hex')}`);
      await this.create(loadInto);
      this.swap = { staging: loadInto, target };
    }
    if (!this.d.transactionalDdl) await this.s.begin();
    if (exists && (this.o.mode === 'truncate' || this.o.mode === 'delete')) {
      this.log(`Emptying ${target}`);
      await this.s.execute(this.o.mode === 'delete' ? `DELETE FROM ${target}` : this.d.emptySql(target));
    }
    const rows = await this.load(loadInto, name);
    return { table: target, rows };
  }

  private async runSwitch(): Promise<{ table: string; rows: number | undefined }> {
    const names = [`${this.p.table}_a`, `${this.p.table}_b`];
    for (const n of names) {
      if (!(await this.d.tableExists(this.s, this.p.schema, n))) await this.create(this.p.qualify(n));
    }
    if (!this.d.transactionalDdl) await this.s.begin();
    const [a, b] = names.map((n) => this.p.qualify(n)) as [string, string];
    const pick = !(await this.hasRows(a)) ? 0 : !(await this.hasRows(b)) ? 1 : -1;
    if (pick < 0) throw new LoadFailedError('Neither A nor B switch table is empty');
    const [target, other] = pick === 0 ? [a, b] : [b, a];
    const rows = await this.load(target, names[pick]!);
    this.log(`Emptying ${other}`);
    await this.s.execute(`DELETE FROM ${other}`);
    return { table: target, rows };
  }

  private async create(qualified: string): Promise<void> {
    const ddl = this.p.columns?.map((c) => c.ddl);
    if (ddl === undefined || ddl.some((x) => x === undefined)) {
      throw new LoadFailedError(`Table ${qualified} doesn't exist and no column spec provided`);
    }
    this.log(`Creating table ${qualified}`);
    await this.s.execute(`CREATE TABLE ${qualified} (${ddl.join(', ')})`);
    if (!this.d.transactionalDdl) this.compensate.push(qualified);
  }

  private async load(qualified: string, name: string): Promise<number | undefined> {
    if (this.o.serverLoad !== undefined) {
      this.log(`Loading ${qualified} (server-side)`);
      const loaded = await this.o.serverLoad(
        qualified,
        this.p.columns?.map((c) => c.quoted),
      );
      this.events.push(...loaded.events);
      return loaded.rows;
    }
    const columns: LoadColumn[] =
      this.p.columns ??
      (await this.d.tableColumns(this.s, this.p.schema, name)).map((c) => ({ quoted: this.s.quoteIdent(c) }));
    this.log(`Loading ${qualified} (${this.p.method})`);
    const rows = checkedRows(this.source(), columns.length, this.p.skipLines);
    return this.s.bulkLoad(
      qualified,
      columns.map((c) => c.quoted),
      rows,
      { mode: this.p.method, batchSize: this.p.batchSize, signal: this.o.signal },
    );
  }

  private source(): AsyncIterable<CsvField[]> {
    const input = this.o.gzip === true ? Readable.from(this.o.source).pipe(createGunzip()) : this.o.source;
    return readCsv(input, this.o);
  }

  private async hasRows(qualified: string): Promise<boolean> {
    const r = await this.s.execute(this.d.firstRowSql(qualified));
    return (r.rows ?? []).length > 0;
  }

  private async afterCommit(): Promise<void> {
    if (this.swap === undefined) return;
    const old = this.p.qualify(`${this.p.table}__lava_old_${randomBytes(4).toString('hex')}`);
    this.log(`Switching ${this.swap.staging} into ${this.swap.target}`);
    await this.s.execute(this.d.swapSql!(this.swap.target, this.swap.staging, old));
    await this.s.execute(`DROP TABLE ${old}`);
  }

  private async fail(): Promise<void> {
    if (this.s.inTransaction) await this.s.rollback().catch(() => undefined);
    for (const t of this.compensate) await this.s.execute(this.d.dropIfExistsSql(t)).catch(() => undefined);
  }

  private log(msg: string): void {
    this.events.push(msg);
  }
}

/** Skip header lines and enforce the field count of every data row. */
async function* checkedRows(
  rows: AsyncIterable<CsvField[]>,
  width: number,
  skip: number,
): AsyncGenerator<CsvField[]> {
  let line = 0;
  for await (const row of rows) {
    line++;
    if (line <= skip) continue;
    if (row.length !== width)
      throw new LoadFailedError(`Expected ${width} columns but got ${row.length} (record ${line})`);
    yield row;
  }
}

function asLoadError(err: unknown): ConnectorError {
  if (err instanceof LoadFailedError) return err;
  if (
    err instanceof ConnectorError &&
    (err.code === 'SQL_TIMEOUT' || err.code === 'SQL_CANCELLED' || err.code === 'CONNECTION_UNSUPPORTED')
  )
    return err;
  if (err instanceof ConnectorError)
    return new LoadFailedError(`Load failed: ${err.message}`, { ...err.context });
  return new LoadFailedError(`Load failed: ${err instanceof Error ? err.message : 'unknown error'}`);
}
