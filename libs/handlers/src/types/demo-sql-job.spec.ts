import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConnection, validateJob } from '@lava/core';
import YAML from 'yaml';
import { makeContext, makeJob, readOutput } from '../testing/handler-context.fixture';
import { sqliteConnection, tempSqlite, useJinja } from '../testing/sql-fixture';
import { SqliHandler } from './sqli.handler';

const SAMPLES = join(__dirname, '../../../../samples/demo');

describe('demo realm SQL job (samples/demo/jobs/sql.yaml)', () => {
  it('validates and produces the report on a SQLite file', async () => {
    const [raw] = YAML.parse(readFileSync(join(SAMPLES, 'jobs/sql.yaml'), 'utf8')) as Array<
      Record<string, unknown>
    >;
    const conn = YAML.parse(readFileSync(join(SAMPLES, 'connections/sqlite.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(validateJob(raw).value).toMatchObject({ job_id: 'demo/sqlite-report', type: 'sqli' });
    expect(validateConnection(conn).value).toMatchObject({ conn_id: 'demo/sqlite', type: 'sqlite3' });
    const db = tempSqlite();
    try {
      const job = makeJob({
        job_id: String(raw!.job_id),
        type: 'sqli',
        payload: raw!.payload,
        parameters: raw!.parameters as Record<string, unknown>,
      });
      const f = makeContext(job, {
        connections: { 'demo/sqlite': sqliteConnection(db.file, 'demo/sqlite') },
      });
      useJinja(f.ctx);
      await new SqliHandler().run(f.ctx);
      expect(readOutput(f, '1.0.out')).toBe(
        'region,sales,total\r\n"east, far",1,7.5\r\nnorth,2,162.5\r\nsouth,1,80.25\r\n',
      );
    } finally {
      db.cleanup();
    }
  });
});
