import type { DelimitedOptionsInput, OutputFormat, SqlStatement } from '@lava/connectors';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { resolveRealmConnection } from '../resolve-connection';
import { openSqlOutput, readSqlSource } from '../sql/sql-io';
import { examples } from './help-text';

interface SqlOptions {
  connId: string;
  appName?: string;
  batchSize: string;
  format: string;
  header?: boolean;
  output?: string;
  raw?: boolean;
  transaction?: boolean;
  delimiter: string;
  dialect: string;
  doublequote?: boolean;
  escapechar?: string;
  quotechar: string;
  quoting: string;
  sortKeys?: boolean;
}

const FORMATS = ['csv', 'jsonl', 'html', 'parquet'];

/**
 * `lava sql`: the original's `lava-sql`. Runs SQL files (local, `s3://`, or stdin) over a realm
 * database connection with the same runner and output writers as the sql jobs, so statement
 * splitting, transactions and formats behave exactly as in a run.
 */
export function registerSqlCommand(program: Command, ctx: CliContext): void {
  program
    .command('sql')
    .description(
      'run SQL over a realm database connection (the original lava-sql); SELECT results to stdout or -o',
    )
    .argument('[sql-files...]', 'SQL files, local or s3://...; none or "-" reads stdin')
    .requiredOption('-c, --conn-id <conn_id>', 'the realm database connection (required)')
    .option('-a, --app-name <name>', 'application name the database sees, where the type has one')
    .option('-b, --batch-size <n>', 'rows fetched per round trip for SELECT results', '1024')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'csv')
    .option('--header', 'print a header row for SELECT results (csv, html)')
    .option('-o, --output <file>', 'write results to this file, local or s3://... (default: stdout)')
    .option('--raw', 'do not split each file into statements: send it to the database whole')
    .option('--transaction', 'run all statements in one transaction; any failure rolls everything back')
    .option('--delimiter <char>', 'csv field delimiter', '|')
    .option('--dialect <dialect>', 'csv dialect: excel, excel-tab or unix', 'excel')
    .option('--doublequote', 'csv: double a quote inside a quoted value (always on: see below)')
    .option('--escapechar <char>', 'csv escape character (default: none)')
    .option('--quotechar <char>', 'csv quote character', '"')
    .option('--quoting <style>', 'csv quoting: minimal, all, nonnumeric or none', 'minimal')
    .option('--sort-keys', 'jsonl: sort the keys of each object')
    .addHelpText(
      'after',
      examples(
        'lava sql -c warehouse queries/daily.sql',
        'echo "select id, name from customers" | lava sql -c warehouse --format jsonl',
        'lava sql -c warehouse --transaction --header -o s3://acme-ops/out/report.csv report.sql',
      ) +
        '\nSecrets are read with your own AWS credentials: you need ssm:GetParameter (and kms:Decrypt)\n' +
        "on the connection's SSM parameters, or secretsmanager:GetSecretValue on its secret.\n" +
        'A value containing the quote character is always written doubled (RFC 4180), as in sql jobs.\n',
    )
    .action((files: string[], opts: SqlOptions) => runSql(ctx, files, opts));
}

async function runSql(ctx: CliContext, files: string[], opts: SqlOptions): Promise<void> {
  const format = checkFormat(opts.format);
  const fetchSize = Number(opts.batchSize);
  if (!Number.isInteger(fetchSize) || fetchSize < 1)
    throw new UsageError(`--batch-size must be a positive integer, got ${opts.batchSize}`);
  if (format === 'parquet' && opts.output === undefined)
    throw new UsageError('parquet is binary: write it to a file with -o');
  const connectors = await import('@lava/connectors');
  const resolved = connectors.withAppName(
    await resolveRealmConnection(ctx, opts.connId, 'database'),
    opts.appName ?? `lava-sql-${ctx.realm()}`,
  );
  const sources = files.length ? files : ['-'];
  const statements: SqlStatement[] = [];
  for (const source of sources) {
    const text = await readSqlSource(ctx, source);
    const pieces = opts.raw ? [{ sql: text.trim() }] : connectors.splitStatements(text, resolved.dialect);
    for (const p of pieces) statements.push({ index: statements.length, sql: p.sql });
  }
  const session = await connectors.createDefaultRegistry().connect(resolved);
  const output = await openSqlOutput(ctx, opts.output);
  try {
    const results = await connectors.runStatements(session, statements, {
      transaction: opts.transaction === true,
      raw: opts.raw === true,
      fetchSize,
      output: { format, options: csvOptions(opts), sink: output.sink },
    });
    await endWritable(output.sink);
    await output.finish();
    for (const r of results)
      if (r.columns === undefined) ctx.note(`statement ${r.index + 1}: ${r.rowCount} row(s) affected`);
  } catch (err) {
    output.sink.destroy();
    await output.discard();
    throw err;
  } finally {
    await session.close();
  }
}

function checkFormat(format: string): OutputFormat {
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${format}`);
  return format as OutputFormat;
}

function csvOptions(opts: SqlOptions): DelimitedOptionsInput {
  return {
    delimiter: opts.delimiter,
    dialect: opts.dialect,
    quotechar: opts.quotechar,
    quoting: opts.quoting,
    doublequote: true,
    escapechar: opts.escapechar ?? null,
    header: opts.header === true,
    sortKeys: opts.sortKeys === true,
  };
}

async function endWritable(sink: NodeJS.WritableStream & { writableFinished?: boolean }): Promise<void> {
  if (sink.writableFinished) return;
  await new Promise<void>((resolve, reject) => {
    sink.once('error', reject);
    sink.end(() => resolve());
  });
}
