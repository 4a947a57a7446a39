import type { SqlSession } from '../session/sql-session';
import type { LoadDialect } from './load-dialect';

/**
 * Where the catalogue rows of a table live. Oracle folds unquoted names to upper case and the
 * loader leaves Oracle names unquoted, so owner and name are compared upper-cased, with binds.
 * Without a schema the session's current schema owns the table.
 */
function ownerAndName(
  schema: string | undefined,
  table: string,
): { where: string; binds: Record<string, string> } {
  if (schema === undefined)
    return {
      where: "owner = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND UPPER(table_name) = :tbl",
      binds: { tbl: table.toUpperCase() },
    };
  return {
    where: 'UPPER(owner) = :sch AND UPPER(table_name) = :tbl',
    binds: { sch: schema.toUpperCase(), tbl: table.toUpperCase() },
  };
}

async function firstColumn(
  session: SqlSession,
  sql: string,
  binds: Record<string, string>,
): Promise<unknown[]> {
  const r = await session.execute(sql, { binds });
  return (r.rows ?? []).map((row) => row[0]);
}

/** The last part of a qualified name: Oracle's RENAME TO takes an unqualified new name. */
function unqualified(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/**
 * Oracle: rows are streamed by the worker and inserted with bound `executeMany` batches (Oracle
 * has no statement that reads S3 itself). DDL commits implicitly in Oracle, so the loader treats
 * it like MySQL: tables it created are dropped again on failure and `drop` mode loads a staging
 * table that is renamed into place after the commit. `truncate` empties with DELETE because
 * TRUNCATE would commit and a failed load would leave the table empty.
 */
export const ORACLE_LOAD: LoadDialect = {
  transactionalDdl: false,
  usesSchema: true,
  async tableExists(s, schema, table) {
    const { where, binds } = ownerAndName(schema, table);
    return (await firstColumn(s, `SELECT 1 FROM all_tables WHERE ${where}`, binds)).length > 0;
  },
  async tableColumns(s, schema, table) {
    const { where, binds } = ownerAndName(schema, table);
    const sql = `SELECT column_name FROM all_tab_columns WHERE ${where} ORDER BY column_id`;
    return (await firstColumn(s, sql, binds)).map(String);
  },
  emptySql: (q) => `DELETE FROM ${q}`,
  // Oracle renames one table per statement; the block keeps the window between the two short.
  swapSql: (target, staging, old) =>
    `BEGIN EXECUTE IMMEDIATE 'ALTER TABLE ${target} RENAME TO ${unqualified(old)}'; ` +
    `EXECUTE IMMEDIATE 'ALTER TABLE ${staging} RENAME TO ${unqualified(target)}'; END;`,
  firstRowSql: (q) => `SELECT 1 FROM ${q} FETCH FIRST 1 ROWS ONLY`,
  // No DROP TABLE IF EXISTS before Oracle 23: ignore only ORA-00942 (table does not exist).
  dropIfExistsSql: (q) =>
    `BEGIN EXECUTE IMMEDIATE 'DROP TABLE ${q}'; EXCEPTION WHEN OTHERS THEN IF SQLCODE != -942 THEN RAISE; END IF; END;`,
};
