import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { SharepointConnector, type ResolvedSharepointConnection } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { JobFailedError, type HandlerResult } from '@lava/core';
import { GraphStub } from '@lava/testing';
import { TestBucket, unique } from '../testing/sql-int.support';
import { defaultHandlers } from '..';

const aws = useAwsEndpoint();
jest.setTimeout(60_000);

/**
 * Every sharepoint_* job type against the local Graph stub (Graph itself cannot run here), with
 * S3 on the local endpoint. The stub checks tokens, headers, path encoding, upload sessions,
 * list fields, paging and throttling the way Graph does.
 */
describe('sharepoint job types against the Graph stub', () => {
  let graph: GraphStub;
  let bucket: TestBucket;
  let connection: ResolvedSharepointConnection;
  const handlers = defaultHandlers();

  beforeAll(async () => {
    graph = await new GraphStub().start();
    graph.addDrive('Shared Documents');
    graph.addDrive('Reports');
    bucket = new TestBucket(aws.url());
    await bucket.create();
    connection = await new SharepointConnector().resolve(
      {
        conn_id: 'sp',
        type: 'sharepoint',
        enabled: true,
        org_base_url: graph.host,
        site_name: graph.siteName,
        tenant: graph.tenant,
        client_id: graph.clientId,
        client_secret: '/lava/test/sp/secret',
        user: 'legacy-user',
        password: '/lava/test/sp/password',
        login_url: graph.loginUrl,
        graph_url: graph.graphUrl,
      },
      { secrets: new InMemorySecrets({ '/lava/test/sp/secret': graph.clientSecret }) },
    );
  });
  afterAll(async () => {
    await graph.stop();
    bucket.s3.destroy();
  });

  async function run(type: string, parameters: Record<string, unknown>) {
    const f = bucket.context({ type, payload: null, parameters: { conn_id: 'sp', ...parameters } }, {});
    f.ctx.connections = {
      get: async (id) => (id === 'sp' ? (connection as unknown as Record<string, unknown>) : {}),
    };
    const result: HandlerResult = await handlers.get(type).run(f.ctx);
    return { result, f, logs: f.logLines.join('\n') };
  }
  const drive = (name: string) => graph.drives.get(name)!.files;

  it('sharepoint_put_doc and sharepoint_get_doc round-trip a document whose path needs encoding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-sp-'));
    writeFileSync(join(dir, 'in.csv'), 'a|b\n1|2\n');
    const path = '/Q1 #2/sales? 50%.csv';
    const put = await run('sharepoint_put_doc', {
      library: 'Shared Documents',
      path,
      file: join(dir, 'in.csv'),
      title: 'Q1',
    });
    expect(put.result).toMatchObject({ exit_status: 0, bytes: 8 });
    expect(drive('Shared Documents').get(path)?.toString()).toBe('a|b\n1|2\n');
    const get = await run('sharepoint_get_doc', { library: 'Shared Documents', path, file: 'out/copy.csv' });
    expect(readFileSync(join(get.f.ctx.runDir, 'out/copy.csv'), 'utf8')).toBe('a|b\n1|2\n');
    const s3 = `s3://${bucket.name}/sp/${unique('doc')}.csv`;
    await run('sharepoint_get_doc', { library: 'Shared Documents', path, file: s3 });
    expect((await bucket.read(s3)).toString()).toBe('a|b\n1|2\n');
    // Raw request paths carry the encoded name: `#` and `?` would otherwise cut the path short.
    expect(graph.requests.some((r) => r.path.includes('/Q1%20%232/sales%3F%2050%25.csv:/content'))).toBe(
      true,
    );
  });

  it('sharepoint_put_doc uses an upload session above 4 MB, without a bearer token on the upload URL', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 700_000, 7);
    const key = `sp/${unique('big')}.bin`;
    await bucket.put(key, big);
    const before = graph.requests.length;
    const out = await run('sharepoint_put_doc', {
      library: 'Reports',
      path: '/big.bin',
      file: `s3://${bucket.name}/${key}`,
    });
    expect(out.result).toMatchObject({ exit_status: 0, bytes: big.length });
    expect(drive('Reports').get('/big.bin')!.equals(big)).toBe(true);
    const mine = graph.requests.slice(before);
    expect(mine.some((r) => r.path.endsWith('/root:/big.bin:/createUploadSession'))).toBe(true);
    const parts = mine.filter((r) => r.path.startsWith('/upload/'));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((r) => r.authorization === undefined && r.status !== 401)).toBe(true);
  });

  it('sharepoint_get_multi_doc fetches the files of a folder matching a glob (any case), across pages', async () => {
    for (const name of ['a.CSV', 'b.csv', 'c.txt', 'd.csv'])
      drive('Reports').set(`/monthly/${name}`, Buffer.from(name));
    drive('Reports').set('/monthly/sub/e.csv', Buffer.from('nested'));
    const prefix = `s3://${bucket.name}/multi/${unique('m')}/`;
    const out = await run('sharepoint_get_multi_doc', {
      library: 'Reports',
      path: '/monthly/',
      outpath: prefix,
      glob: '*.csv',
    });
    expect(out.result).toMatchObject({ exit_status: 0, count: 3 });
    expect((out.result.files as string[]).sort()).toEqual(['a.CSV', 'b.csv', 'd.csv']);
    expect((await bucket.read(`${prefix}d.csv`)).toString()).toBe('d.csv');
    expect(graph.requests.some((r) => r.path.includes('/children?%24skiptoken=2'))).toBe(true);
  });

  it('sharepoint_get_list writes every item across pages with data and system columns', async () => {
    const list = graph.addList('Postcodes', [
      { name: 'Title' },
      { name: 'Suburb' },
      { name: 'Owner', personOrGroup: {} },
      { name: 'ID', readOnly: true },
      { name: 'Created', readOnly: true },
      { name: 'ContentType' },
    ]);
    [
      ['3000', 'Melbourne', 'Ann', '7'],
      ['2000', 'Sydney | CBD', 'Bo', '8'],
      ['6000', 'Perth', null, null],
    ].forEach(([t, s, o, l], i) =>
      list.items.set(String(i + 1), {
        Title: t,
        Suburb: s,
        Owner: o,
        OwnerLookupId: l,
        ID: String(i + 1),
        Created: '2026-01-01T00:00:00Z',
      }),
    );
    const out = await run('sharepoint_get_list', {
      list: 'Postcodes',
      file: 'postcodes.csv',
      system_columns: 'ID',
    });
    expect(out.result).toMatchObject({ exit_status: 0, rows: 3 });
    expect(readFileSync(join(out.f.ctx.runDir, 'postcodes.csv'), 'utf8')).toBe(
      'Title|Suburb|Owner|OwnerLookupId|ID\r\n3000|Melbourne|Ann|7|1\r\n2000|"Sydney | CBD"|Bo|8|2\r\n6000|Perth|||3\r\n',
    );
  });

  it('sharepoint_put_list appends, updates, replaces and deletes items by their fields', async () => {
    const list = graph.addList('Tasks', [
      { name: 'Title', required: true },
      { name: 'Done' },
      { name: 'ID', readOnly: true },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'lava-spl-'));
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    const put = (f: string, extra: Record<string, unknown> = {}) =>
      run('sharepoint_put_list', { list: 'Tasks', file: f, ...extra });
    expect(
      (await put(file('a.csv', 'Title|Done|Extra\nwrite docs|no|x\nship|yes|y\n'))).result,
    ).toMatchObject({
      rows: 2,
      ignored_columns: ['Extra'],
    });
    expect([...list.items.values()].map((i) => [i.Title, i.Done])).toEqual([
      ['write docs', 'no'],
      ['ship', 'yes'],
    ]);
    await put(file('u.csv', 'ID|Done\n1|yes\n'), { mode: 'update' });
    expect(list.items.get('1')).toMatchObject({ Title: 'write docs', Done: 'yes' });
    await expect(put(file('bad.csv', 'Title|Nope\nx|y\n'), { error_missing: true })).rejects.toThrow(
      'Column Nope is not in the list',
    );
    await put(file('r.csv', 'Title\nonly one\n'), { mode: 'replace' });
    expect([...list.items.values()].map((i) => i.Title)).toEqual(['only one']);
    const [id] = [...list.items.keys()];
    expect((await put(file('d.csv', `ID\n${id}\n`), { mode: 'delete' })).result).toMatchObject({
      deleted: 1,
    });
    expect(list.items.size).toBe(0);
  });

  it('honours 429 Retry-After, renews an expired token, and keeps the secret out of errors and logs', async () => {
    drive('Reports').set('/t.txt', Buffer.from('throttled'));
    graph.throttleNext(2, '1');
    graph.expireTokensAfter(2);
    const before = graph.requests.length;
    const out = await run('sharepoint_get_doc', { library: 'Reports', path: '/t.txt', file: 't.txt' });
    expect(readFileSync(join(out.f.ctx.runDir, 't.txt'), 'utf8')).toBe('throttled');
    const mine = graph.requests.slice(before);
    const throttled = mine.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    const after = mine[mine.indexOf(throttled[1]!) + 1]!;
    expect(after.at - throttled[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(mine.some((r) => r.status === 401)).toBe(true);
    expect(out.logs).not.toContain(graph.clientSecret);

    const wrong = {
      ...connection,
      sharepoint: { ...connection.sharepoint, clientSecret: 'not-the-secret-42' },
      secretValues: ['not-the-secret-42'],
    };
    const f = bucket.context(
      {
        type: 'sharepoint_get_doc',
        payload: null,
        parameters: { conn_id: 'sp', library: 'Reports', path: '/t.txt', file: 'x' },
      },
      {},
    );
    f.ctx.connections = { get: async () => wrong as unknown as Record<string, unknown> };
    const err = await handlers
      .get('sharepoint_get_doc')
      .run(f.ctx)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).message).toBe('token request: HTTP 401 invalid_client');
    expect(JSON.stringify(err)).not.toContain('not-the-secret-42');
  });
});
