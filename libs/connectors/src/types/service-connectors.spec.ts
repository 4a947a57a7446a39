import { ConnectionInvalidError } from '../errors';
import type { ConnectionSpec, ResolveContext, RoleAssumer } from '../model/connection';
import { createDefaultRegistry } from '../registry';
import { InMemorySecrets } from '../testing/in-memory-secrets';
import { roleSessionName } from './aws.connector';

const registry = createDefaultRegistry();
const secrets = new InMemorySecrets({
  '/lava/r/keys': 'AKIAXXX,very/secret+key',
  '/lava/r/smtp': 'smtp-pw',
  '/lava/r/slack': 'https://hooks.slack.com/services/T/B/XYZ',
  '/lava/r/token': 'tok-123',
  '/lava/r/ext': 'ext-42',
});
const assumed: Parameters<RoleAssumer['assumeRole']>[0][] = [];
const sts: RoleAssumer = {
  async assumeRole(input) {
    assumed.push(input);
    return { accessKeyId: 'ASIA', secretAccessKey: 'tmp-secret', sessionToken: 'tmp-token' };
  },
};
const ctx: ResolveContext = { secrets, sts, region: 'eu-west-1', appName: 'lv-r/job 1' };
const resolve = (spec: Partial<ConnectionSpec> & { type: string }) =>
  registry.resolve({ conn_id: 'x', enabled: true, ...spec }, ctx);

describe('aws', () => {
  it('splits SSM access keys at the first comma', async () => {
    const r = await resolve({ type: 'aws', access_keys: '/lava/r/keys', region: 'us-west-2' });
    expect(r).toMatchObject({
      kind: 'aws',
      region: 'us-west-2',
      credentials: { accessKeyId: 'AKIAXXX', secretAccessKey: 'very/secret+key' },
    });
    expect(r.secretValues).toContain('very/secret+key');
  });

  it('assumes a role with external id, duration, policies and a cleaned session name', async () => {
    const r = await resolve({
      type: 'aws',
      role_arn: 'arn:aws:iam::1:role/x',
      external_id: '/lava/r/ext',
      policy: { Version: '2012-10-17' },
      policy_arns: 'arn:p',
      tags: { a: 1 },
    });
    expect(r).toMatchObject({ region: 'eu-west-1', credentials: { sessionToken: 'tmp-token' } });
    expect(assumed.at(-1)).toEqual({
      roleArn: 'arn:aws:iam::1:role/x',
      sessionName: 'lv-r.job.1',
      durationSeconds: 10800,
      externalId: 'ext-42',
      policyArns: ['arn:p'],
      policy: '{"Version":"2012-10-17"}',
      tags: { a: '1' },
    });
    expect(roleSessionName('x'.repeat(80))).toHaveLength(64);
  });

  it('rejects unknown fields and missing credentials', async () => {
    await expect(resolve({ type: 'aws', access_keys: '/lava/r/keys', bogus: 1 })).rejects.toThrow(
      'Unexpected field bogus',
    );
    await expect(resolve({ type: 'aws', 'x-note': 'ok' })).rejects.toThrow('access_keys or role_arn');
  });
});

describe('generic', () => {
  it('resolves local and SSM attributes and marks the secret ones', async () => {
    const r = await resolve({
      type: 'generic',
      attributes: {
        a: 'one',
        b: 2,
        c: { type: 'local', value: true },
        tok: { type: 'ssm', parameter: '/lava/r/token' },
      },
    });
    expect(r).toMatchObject({
      attributes: { a: 'one', b: 2, c: true, tok: 'tok-123' },
      secretAttributes: ['tok'],
    });
    expect(r.secretValues).toEqual(['tok-123']);
  });

  it('validates names and types', async () => {
    await expect(resolve({ type: 'generic', attributes: { '1bad': 'x' } })).rejects.toThrow(
      'Bad attribute name',
    );
    await expect(resolve({ type: 'generic', attributes: { a: { type: 'vault' } } })).rejects.toThrow(
      ConnectionInvalidError,
    );
  });
});

describe('email', () => {
  it('defaults to ses', async () => {
    const r = await resolve({ type: 'email', from: 'a@b', reply_to: 'c@d', region: 'us-east-1' });
    expect(r).toMatchObject({
      kind: 'email',
      email: { subtype: 'ses', from: 'a@b', replyTo: ['c@d'], region: 'us-east-1' },
    });
  });

  it('smtp: implicit tls defaults to 465, starttls to 25, password from SSM', async () => {
    const tls = await resolve({
      type: 'email',
      subtype: 'smtp',
      host: 'mail',
      tls: true,
      user: 'u',
      password: '/lava/r/smtp',
    });
    expect(tls).toMatchObject({
      email: {
        subtype: 'smtp',
        host: 'mail',
        port: 465,
        tls: true,
        starttls: false,
        user: 'u',
        password: 'smtp-pw',
      },
    });
    expect(tls.secretValues).toEqual(['smtp-pw']);
    const st = await resolve({ type: 'email', subtype: 'smtp', host: 'mail', starttls: true });
    expect(st).toMatchObject({ email: { port: 25, starttls: true } });
    await expect(resolve({ type: 'email', subtype: 'smtp', host: 'm', user: 'u' })).rejects.toThrow(
      'password must be specified',
    );
    await expect(
      resolve({ type: 'email', subtype: 'smtp', host: 'm', tls: true, starttls: true }),
    ).rejects.toThrow('exclusive');
  });

  it('legacy ses type and unknown fields', async () => {
    expect(await resolve({ type: 'ses', from: 'a@b' })).toMatchObject({ email: { subtype: 'ses' } });
    await expect(resolve({ type: 'email', foo: 1 })).rejects.toThrow('Unexpected field foo');
  });
});

describe('slack', () => {
  it('reads the webhook URL from SSM and treats it as a secret', async () => {
    const r = await resolve({ type: 'slack', webhook_url: '/lava/r/slack', colour: 'good' });
    expect(r).toMatchObject({
      webhookUrl: 'https://hooks.slack.com/services/T/B/XYZ',
      style: 'block',
      colour: 'good',
    });
    expect(r.secretValues).toEqual(['https://hooks.slack.com/services/T/B/XYZ']);
  });

  it('accepts a legacy literal URL, prefixes hex colours only, validates style', async () => {
    const r = await resolve({
      type: 'slack',
      webhook_url: 'https://hooks.slack.com/x',
      colour: 'ff0000',
      style: 'attachment',
    });
    expect(r).toMatchObject({
      webhookUrl: 'https://hooks.slack.com/x',
      colour: '#ff0000',
      style: 'attachment',
    });
    await expect(resolve({ type: 'slack', webhook_url: '/lava/r/slack', style: 'loud' })).rejects.toThrow(
      'Bad slack style',
    );
  });
});
