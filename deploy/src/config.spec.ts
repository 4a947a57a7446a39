import { DEFAULT_FLEETS, readDeployConfig } from './config';
import { DeployConfigError } from './errors';

const read = (context: Record<string, unknown>) => readDeployConfig((k) => context[k]);

function refusal(context: Record<string, unknown>): { key: string; message: string } {
  try {
    read(context);
  } catch (e) {
    expect(e).toBeInstanceOf(DeployConfigError);
    return { key: (e as DeployConfigError).key, message: (e as Error).message };
  }
  throw new Error('expected a DeployConfigError');
}

describe('readDeployConfig', () => {
  it('defaults to the demo realm, latest images and one core fleet', () => {
    const config = read({});
    expect(config.realm).toBe('demo');
    expect(config.imageTags).toEqual({
      scheduler: 'latest',
      dispatcher: 'latest',
      worker: 'latest',
      'secrets-broker': 'latest',
      'audit-logger': 'latest',
      api: 'latest',
    });
    expect(config.fleets).toEqual(DEFAULT_FLEETS);
    expect(config.schedulerReplicas).toBe(2);
    expect(config.createRealmsTable).toBe(true);
    expect(config.dispatchers).toBe('demo');
  });

  it('accepts command-line strings (-c key=value) as well as cdk.json values', () => {
    const config = read({
      realm: 'acme',
      imageTag: 'v2',
      imageTags: '{"worker":"w3"}',
      fleets:
        '[{"name":"small","cpu":256,"memoryMiB":512,"maxTasks":2},{"name":"big","cpu":4096,"memoryMiB":16384}]',
      schedulerReplicas: '3',
      dispatchers: 'main,nz=Pacific/Auckland',
      createRealmsTable: 'false',
    });
    expect(config.imageTags.worker).toBe('w3');
    expect(config.imageTags.scheduler).toBe('v2');
    expect(config.fleets.map((f) => [f.name, f.cpu, f.memoryMiB, f.maxTasks])).toEqual([
      ['small', 256, 512, 2],
      ['big', 4096, 16384, 10],
    ]);
    expect(config.schedulerReplicas).toBe(3);
    expect(config.dispatchers).toBe('main,nz=Pacific/Auckland');
    expect(config.createRealmsTable).toBe(false);
  });

  it('grants ecs jobs nothing by default, and reads clusters, roles and log groups as ARN lists', () => {
    expect(read({}).workerEcsClusterArns).toEqual([]);
    const config = read({
      workerEcsClusterArns: '["arn:aws:ecs:eu-west-1:123456789012:cluster/batch"]',
      workerEcsPassRoleArns: '["arn:aws:iam::123456789012:role/batch-task"]',
      workerEcsLogGroupArns: '["arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/batch:*"]',
    });
    expect(config.workerEcsClusterArns).toEqual(['arn:aws:ecs:eu-west-1:123456789012:cluster/batch']);
    expect(config.workerEcsPassRoleArns).toEqual(['arn:aws:iam::123456789012:role/batch-task']);
    expect(config.workerEcsLogGroupArns).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/batch:*',
    ]);
    expect(refusal({ workerEcsClusterArns: '["arn:aws:ecs:eu-west-1:123456789012:cluster/*"]' }).key).toBe(
      'workerEcsClusterArns',
    );
  });

  it('derives the broker TLS secret, CA parameter and assumable roles from the realm, overridable', () => {
    const config = read({ realm: 'acme' });
    expect(config.brokerTlsSecret).toBe('lava/acme/_broker-tls');
    expect(config.brokerCaParameter).toBe('/lava-pki/acme/broker-ca');
    expect(config.brokerAssumeRoleArns).toEqual(['arn:aws:iam::*:role/lava-acme-conn-*']);
    const custom = read({
      realm: 'acme',
      brokerAssumeRoleArns: '["arn:aws:iam::123456789012:role/etl/*"]',
      brokerTlsSecret: 'pki/broker',
    });
    expect(custom.brokerAssumeRoleArns).toEqual(['arn:aws:iam::123456789012:role/etl/*']);
    expect(custom.brokerTlsSecret).toBe('pki/broker');
    expect(read({ brokerAssumeRoleArns: [] }).brokerAssumeRoleArns).toEqual([]);
  });

  it.each([
    [{ realm: 'Acme' }, 'realm'],
    [{ realm: 'my-realm' }, 'realm'],
    [{ schedulerReplicas: 1 }, 'schedulerReplicas'],
    [{ fleets: '[]' }, 'fleets'],
    [{ fleets: 'not json' }, 'fleets'],
    [{ fleets: [{ name: 'core' }, { name: 'core' }] }, 'fleets'],
    [{ fleets: [{ name: 'dispatch' }] }, 'fleets'],
    [{ fleets: [{ name: 'core', cpu: 300 }] }, 'fleets[0].cpu'],
    [{ fleets: [{ name: 'core', minTasks: 5, maxTasks: 2 }] }, 'fleets[0].minTasks'],
    [{ imageTags: { web: 'x' } }, 'imageTags'],
    [{ logRetentionDays: 31 }, 'logRetentionDays'],
    [{ dispatchers: 'a,,b' }, 'dispatchers'],
    [{ brokerPort: 8080 }, 'brokerPort'],
    [{ brokerCaParameter: 'no-slash' }, 'brokerCaParameter'],
    [{ brokerAssumeRoleArns: '["*"]' }, 'brokerAssumeRoleArns'],
    [{ brokerAssumeRoleArns: '"arn:aws:iam::*:role/x"' }, 'brokerAssumeRoleArns'],
    [{ brokerAssumeRoleArns: '["arn:aws:s3:::bucket"]' }, 'brokerAssumeRoleArns'],
  ])('refuses %j naming context key %s', (context, key) => {
    expect(refusal(context).key).toBe(key);
  });
});
