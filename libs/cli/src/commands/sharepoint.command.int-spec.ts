import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { ConnectionsRepository } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { GraphStub, provisionTestRealm, type TestRealm } from '@lava/testing';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();
jest.setTimeout(60_000);

/** `lava sharepoint` against the Graph stub, the connection and its SSM secret on the local endpoint. */
describe('lava sharepoint', () => {
  let realm: TestRealm;
  let graph: GraphStub;
  const dir = mkdtempSync(join(tmpdir(), 'lava-cli-sp-'));

  beforeAll(async () => {
    graph = await new GraphStub().start();
    graph.addDrive('Docs');
    realm = await provisionTestRealm(aws.url());
    const secret = `/lava/${realm.realm}/sp/secret`;
    await realm.clients.ssm.send(
      new PutParameterCommand({ Name: secret, Value: graph.clientSecret, Type: 'SecureString' }),
    );
    await new ConnectionsRepository(realm.clients.dynamo, realm.realm).put({
      conn_id: 'sp',
      type: 'sharepoint',
      enabled: true,
      org_base_url: graph.host,
      site_name: graph.siteName,
      tenant: graph.tenant,
      client_id: graph.clientId,
      client_secret: secret,
      login_url: graph.loginUrl,
      graph_url: graph.graphUrl,
    });
  });
  afterAll(async () => {
    await graph.stop();
  });

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm.realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  it('puts and gets documents and lists; errors name no secret', async () => {
    writeFileSync(join(dir, 'a.txt'), 'hello sharepoint');
    expect(
      await lava('sharepoint', '-c', 'sp', 'put-doc', join(dir, 'a.txt'), 'Docs:/in/a b.txt'),
    ).toMatchObject({
      code: 0,
      out: `uploaded ${join(dir, 'a.txt')} to Docs:/in/a b.txt (16 bytes)\n`,
    });
    expect(
      (await lava('sharepoint', '-c', 'sp', 'get-doc', 'Docs:/in/a b.txt', join(dir, 'b.txt'))).code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('hello sharepoint');
    expect(
      (await lava('sharepoint', '-c', 'sp', 'get-multi-doc', 'Docs:/in', join(dir, 'all'), '*.TXT')).out,
    ).toBe(`downloaded 1 file(s) to ${join(dir, 'all')}\n`);
    graph.addList('Tasks', [{ name: 'Title' }, { name: 'ID', readOnly: true }]);
    writeFileSync(join(dir, 't.csv'), 'Title\none\ntwo\nthree\n');
    expect((await lava('sharepoint', '-c', 'sp', 'put-list', join(dir, 't.csv'), 'Tasks')).out).toBe(
      'append: 3 row(s) into Tasks\n',
    );
    expect(
      (
        await lava(
          'sharepoint',
          '-c',
          'sp',
          'get-list',
          '--system-columns',
          'ID',
          'Tasks',
          join(dir, 'o.csv'),
        )
      ).code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'o.csv'), 'utf8')).toBe('Title|ID\r\none|1\r\ntwo|2\r\nthree|3\r\n');
    const bad = await lava('sharepoint', '-c', 'sp', 'get-doc', 'no-colon', 'x');
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.err).toContain('must be LIBRARY:/absolute/path');
    const missing = await lava('sharepoint', '-c', 'sp', 'get-doc', 'Docs:/none.txt', join(dir, 'n'));
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('HTTP 404 itemNotFound');
    expect(missing.err + missing.out).not.toContain(graph.clientSecret);
  });
});
