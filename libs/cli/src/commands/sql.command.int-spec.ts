import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { createAwsClients, loadAwsConfig } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();
jest.setTimeout(60_000);

/** Trust auth ignores the password; it must still never be printed. */
const MARKER = 'Lava-CliSql-Pw-77f1';

describe('lava sql over realm connections (local PostgreSQL and MariaDB)', () => {
  const realm = `q${randomBytes(4).toString('hex')}`;
  const table = `cli_sql_${randomBytes(3).toString('hex')}`;
  let dir: string;
  let clients: ReturnType<typeof createAwsClients>;

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }
  async function file(name: string, text: string): Promise<string> {
    const p = path.join(dir, name);
    await writeFile(p, text);
    return p;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-sql-int-'));
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    const created = await lava('realm', 'create');
    if (created.code !== 0) throw new Error(created.err);
    await clients.ssm.send(
      new PutParameterCommand({ Name: `/lava/${realm}/pg`, Value: MARKER, Type: 'SecureString' }),
    );
    await clients.secretsManager.send(
      new CreateSecretCommand({
        Name: `lava/${realm}/maria`,
        SecretString: JSON.stringify({ password: '' }) /* root has no password here */,
      }),
    );
    const conns = await file(
      'conns.yaml',
      [
        `- {conn_id: pg, type: postgres, enabled: true, host: 127.0.0.1, port: 5432, user: postgres, database: test, password: /lava/${realm}/pg}`,
        `- {conn_id: maria, type: mariadb, enabled: true, host: 127.0.0.1, port: 3306, user: root, database: test, secret_id: "lava/${realm}/maria"}`,
      ].join('\n'),
    );
    const put = await lava('connection', 'put', conns);
    if (put.code !== 0) throw new Error(put.err);
  });
  afterAll(async () => {
    await lava('sql', '-c', 'pg', await file('drop.sql', `DROP TABLE IF EXISTS ${table}`));
    await lava('sql', '-c', 'maria', await file('drop2.sql', `DROP TABLE IF EXISTS ${table}`));
    await lava('realm', 'delete', '--yes', '--delete-bucket');
    clients.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['pg', 'maria'])(
    '%s: runs a script in a transaction and writes the SELECT as csv and jsonl',
    async (conn) => {
      const script = await file(
        `${conn}.sql`,
        `CREATE TABLE ${table} (id INT, name VARCHAR(20));\nINSERT INTO ${table} VALUES (2, 'b"q'), (1, 'a');\nSELECT name, id FROM ${table} ORDER BY id;\n`,
      );
      const r = await lava('sql', '-c', conn, '--transaction', '--header', script);
      expect(r).toMatchObject({ code: 0, out: 'name|id\r\na|1\r\n"b""q"|2\r\n' });
      expect(r.err).toContain('statement 2: 2 row(s) affected');
      const select = await file(`${conn}-select.sql`, `SELECT name, id FROM ${table} ORDER BY id`);
      const out = path.join(dir, `${conn}.jsonl`);
      expect(
        (await lava('sql', '-c', conn, '--format', 'jsonl', '--sort-keys', '-o', out, select)).code,
      ).toBe(0);
      expect(await readFile(out, 'utf8')).toBe('{"id":1,"name":"a"}\n{"id":2,"name":"b\\"q"}\n');
      for (const text of [r.out, r.err]) expect(text).not.toContain(MARKER);
      await lava('sql', '-c', conn, await file(`${conn}-drop.sql`, `DROP TABLE ${table}`));
    },
  );

  it('rolls the whole transaction back when a statement fails, and exits 1', async () => {
    const script = await file(
      'fail.sql',
      `CREATE TABLE ${table} (id INT);\nINSERT INTO ${table} VALUES (1);\nSELECT * FROM no_such_table_here;\n`,
    );
    const r = await lava('sql', '-c', 'pg', '--transaction', script);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no_such_table_here');
    expect(r.err).not.toContain(MARKER);
    const check = await lava(
      'sql',
      '-c',
      'pg',
      await file('check.sql', `SELECT to_regclass('${table}') IS NULL AS gone`),
    );
    expect(check.out).toBe('True\r\n'); // booleans are written as the original wrote them
  });

  it('refuses parquet to stdout, an unknown format and a connection that is not a database', async () => {
    const q = await file('q.sql', 'SELECT 1');
    expect((await lava('sql', '-c', 'pg', '--format', 'parquet', q)).code).toBe(2);
    expect((await lava('sql', '-c', 'pg', '--format', 'xml', q)).code).toBe(2);
    const missing = await lava('sql', '-c', 'nope', q);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No such connection: nope');
  });
});
