import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('SSM Parameter Store', () => {
  const aws = useAwsEndpoint();
  const ssm = () => new SSMClient(awsClientConfig(aws.url()));
  const path = () => `/${uniqueName('app')}`;

  it('versions a parameter and refuses overwrite unless asked (check 75)', async () => {
    const name = `${path()}/p`;
    expect(
      await ssm().send(new PutParameterCommand({ Name: name, Value: 'v1', Type: 'String' })),
    ).toMatchObject({ Version: 1, Tier: 'Standard' });
    await expect(
      ssm().send(new PutParameterCommand({ Name: name, Value: 'v2', Type: 'String' })),
    ).rejects.toBeInstanceOf(ParameterAlreadyExists);
    expect(
      (await ssm().send(new PutParameterCommand({ Name: name, Value: 'v2', Overwrite: true }))).Version,
    ).toBe(2);
    const { Parameter } = await ssm().send(new GetParameterCommand({ Name: name }));
    expect(Parameter).toMatchObject({
      Name: name,
      Value: 'v2',
      Version: 2,
      Type: 'String',
      DataType: 'text',
    });
    expect(Parameter!.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('maps a missing parameter to ParameterNotFound (check 76)', async () => {
    await expect(ssm().send(new GetParameterCommand({ Name: `${path()}/missing` }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
  });

  it('reads an old version by selector (check 77)', async () => {
    const name = `${path()}/sel`;
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'old', Type: 'String' }));
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'new', Overwrite: true }));
    const { Parameter } = await ssm().send(new GetParameterCommand({ Name: `${name}:1` }));
    expect(Parameter).toMatchObject({ Value: 'old', Version: 1, Selector: ':1' });
    expect((await errorOf(() => ssm().send(new GetParameterCommand({ Name: `${name}:9` })))).name).toBe(
      'ParameterVersionNotFound',
    );
  });

  it('hides SecureString plaintext unless decrypting (check 78)', async () => {
    const name = `${path()}/secret`;
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'hunter2', Type: 'SecureString' }));
    const hidden = await ssm().send(new GetParameterCommand({ Name: name }));
    expect(hidden.Parameter!.Value).not.toBe('hunter2');
    expect(hidden.Parameter!.Type).toBe('SecureString');
    const shown = await ssm().send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    expect(shown.Parameter!.Value).toBe('hunter2');
  });

  it('keeps StringList values as stored (check 79)', async () => {
    const name = `${path()}/list`;
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'a,b,c', Type: 'StringList' }));
    expect((await ssm().send(new GetParameterCommand({ Name: name }))).Parameter).toMatchObject({
      Value: 'a,b,c',
      Type: 'StringList',
    });
  });

  it('reports missing names in GetParameters (check 80)', async () => {
    const base = path();
    await ssm().send(new PutParameterCommand({ Name: `${base}/x`, Value: '1', Type: 'String' }));
    const res = await ssm().send(new GetParametersCommand({ Names: [`${base}/x`, `${base}/nope`] }));
    expect(res.Parameters?.map((p) => p.Value)).toEqual(['1']);
    expect(res.InvalidParameters).toEqual([`${base}/nope`]);
  });

  it('reads a path recursively or not, with paging (check 81)', async () => {
    const base = path();
    await ssm().send(new PutParameterCommand({ Name: `${base}/a`, Value: 'a', Type: 'String' }));
    await ssm().send(new PutParameterCommand({ Name: `${base}/b/c`, Value: 'c', Type: 'String' }));
    const flat = await ssm().send(new GetParametersByPathCommand({ Path: base }));
    expect(flat.Parameters?.map((p) => p.Name)).toEqual([`${base}/a`]);
    const deep = await ssm().send(new GetParametersByPathCommand({ Path: base, Recursive: true }));
    expect(deep.Parameters?.map((p) => p.Name).sort()).toEqual([`${base}/a`, `${base}/b/c`]);
    const page1 = await ssm().send(
      new GetParametersByPathCommand({ Path: base, Recursive: true, MaxResults: 1 }),
    );
    expect(page1.Parameters).toHaveLength(1);
    expect(page1.NextToken).toBeDefined();
    const page2 = await ssm().send(
      new GetParametersByPathCommand({
        Path: base,
        Recursive: true,
        MaxResults: 1,
        NextToken: page1.NextToken,
      }),
    );
    expect(page2.Parameters).toHaveLength(1);
    expect(page2.Parameters![0]!.Name).not.toBe(page1.Parameters![0]!.Name);
    expect(page2.NextToken).toBeUndefined();
  });

  it('builds the parameter ARN without a double slash (check 82)', async () => {
    const name = `${path()}/a`;
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'x', Type: 'String' }));
    const { Parameter } = await ssm().send(new GetParameterCommand({ Name: name }));
    expect(Parameter!.ARN).toBe(`arn:aws:ssm:us-east-1:000000000000:parameter${name}`);
    const byArn = await ssm().send(new GetParameterCommand({ Name: Parameter!.ARN }));
    expect(byArn.Parameter!.Value).toBe('x');
  });

  it('refuses reserved names (check 83)', async () => {
    expect(
      (
        await errorOf(() =>
          ssm().send(new PutParameterCommand({ Name: 'aws-x', Value: 'x', Type: 'String' })),
        )
      ).name,
    ).toBe('ValidationException');
    expect(
      (
        await errorOf(() =>
          ssm().send(new PutParameterCommand({ Name: '/aws/x/y', Value: 'x', Type: 'String' })),
        )
      ).name,
    ).toBe('AccessDeniedException');
  });

  it('requires a type on create', async () => {
    expect(
      (await errorOf(() => ssm().send(new PutParameterCommand({ Name: `${path()}/t`, Value: 'x' })))).name,
    ).toBe('ValidationException');
  });

  it('deletes once (check 84)', async () => {
    const name = `${path()}/del`;
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'x', Type: 'String' }));
    await ssm().send(new DeleteParameterCommand({ Name: name }));
    await expect(ssm().send(new DeleteParameterCommand({ Name: name }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
  });

  it('deletes many and reports the missing ones', async () => {
    const base = path();
    await ssm().send(new PutParameterCommand({ Name: `${base}/1`, Value: 'x', Type: 'String' }));
    const res = await ssm().send(new DeleteParametersCommand({ Names: [`${base}/1`, `${base}/2`] }));
    expect(res).toMatchObject({ DeletedParameters: [`${base}/1`], InvalidParameters: [`${base}/2`] });
  });

  it('labels versions and resolves labels', async () => {
    const name = `${path()}/label`;
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'one', Type: 'String' }));
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'two', Overwrite: true }));
    await ssm().send(
      new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['stable'] }),
    );
    expect((await ssm().send(new GetParameterCommand({ Name: `${name}:stable` }))).Parameter!.Value).toBe(
      'one',
    );
    const history = await ssm().send(new GetParameterHistoryCommand({ Name: name }));
    expect(history.Parameters?.map((p) => [p.Version, p.Value, p.Labels])).toEqual([
      [1, 'one', ['stable']],
      [2, 'two', []],
    ]);
  });
});
