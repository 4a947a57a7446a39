import { NameError, workerQueueName } from '@lava/core';
import { deadLetterQueueName, realmNames } from './realm-names';

describe('realmNames', () => {
  it('spells every resource as the original Lava does', () => {
    expect(realmNames('acme')).toEqual({
      realm: 'acme',
      tables: {
        realms: 'lava.realms',
        jobs: 'lava.acme.jobs',
        connections: 'lava.acme.connections',
        events: 'lava.acme.events',
        s3triggers: 'lava.acme.s3triggers',
        state: 'lava.acme.state',
        rules: 'lava.acme.rules',
      },
      bus: 'lava-acme',
      queues: { dispatch: 'lava-acme-dispatch', audit: 'lava-acme-audit', s3events: 'lava-acme-s3events' },
      rules: { dispatch: 'lava-acme-dispatch', audit: 'lava-acme-audit', s3events: 'lava-acme-s3events' },
      topics: { dispatch: 'lava-acme-dispatch' },
      triggerRulePrefix: 'lava.acme.',
      bucket: 'lava-acme',
      ssmPrefix: '/lava/acme/',
      secretsPrefix: 'lava/acme/',
    });
  });

  it.each([
    ['my_realm', 'lava-my-realm'],
    ['abc_', 'lava-abc'],
  ])('makes a valid bucket name from %s', (realm, bucket) => {
    expect(realmNames(realm).bucket).toBe(bucket);
  });

  it.each(['ab', 'Acme', 'a-b-c', '1abc', 'abcdefghijkl', ''])('rejects realm %j', (realm) => {
    expect(() => realmNames(realm)).toThrow(NameError);
  });

  it('names worker queues and their DLQs; workers may contain "-"', () => {
    expect(workerQueueName('acme', 'core-etl')).toBe('lava-acme-core-etl');
    expect(deadLetterQueueName('lava-acme-core')).toBe('lava-acme-core-dlq');
    expect(() => workerQueueName('acme', '../x')).toThrow(/Bad worker name: "..\/x"/);
    expect(() => workerQueueName('acme', 'dispatch')).toThrow(NameError);
  });
});
