import {
  parseWorkerQueueName,
  realmResourceNames,
  workerDeadLetterQueueName,
  workerQueueName,
} from './realm-resources';

describe('realmResourceNames', () => {
  const names = realmResourceNames('acme');

  it.each([
    ['realms table', names.tables.realms, 'lava.realms'],
    ['jobs table', names.tables.jobs, 'lava.acme.jobs'],
    ['connections table', names.tables.connections, 'lava.acme.connections'],
    ['events table', names.tables.events, 'lava.acme.events'],
    ['s3triggers table', names.tables.s3triggers, 'lava.acme.s3triggers'],
    ['state table', names.tables.state, 'lava.acme.state'],
    ['jobs GSI', names.indexes.jobsByDispatcher, 'dispatcher-index'],
    ['s3triggers GSI', names.indexes.s3triggersByBucketPrefix, 's3trigger-index'],
    ['events LSI', names.indexes.eventsByTime, 'job_id-tu_event-index'],
    ['bus', names.eventBus, 'lava-acme'],
    ['dispatch queue', names.queues.dispatch, 'lava-acme-dispatch'],
    ['audit queue', names.queues.audit, 'lava-acme-audit'],
    ['s3events queue', names.queues.s3events, 'lava-acme-s3events'],
    ['dispatch DLQ', names.deadLetterQueues.dispatch, 'lava-acme-dispatch-dlq'],
    ['SSM prefix', names.ssmPrefix, '/lava/acme/'],
    ['Secrets Manager prefix', names.secretsPrefix, 'lava/acme/'],
    ['sys key', names.kmsAliases.sys, 'alias/lava-acme-sys'],
    ['user key', names.kmsAliases.user, 'alias/lava-acme-user'],
    ['rule prefix', names.rulePrefix, 'lava.acme.'],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([['ac'], ['Acme'], ['ac-me'], ['1acme'], ['abcdefghijkl'], ['']])('refuses realm %j', (realm) => {
    expect(() => realmResourceNames(realm)).toThrow(expect.objectContaining({ code: 'LAVA_NAME_INVALID' }));
  });
});

describe('worker queues', () => {
  it('names worker queues and their DLQs', () => {
    expect(workerQueueName('acme', 'core')).toBe('lava-acme-core');
    expect(workerQueueName('acme', 'gpu-big')).toBe('lava-acme-gpu-big');
    expect(workerDeadLetterQueueName('acme', 'core')).toBe('lava-acme-core-dlq');
  });

  it.each([['w2'], ['x'], ['Core'], ['a_very_long_name'], ['etl-2']])(
    'accepts worker %j, as the original did',
    (worker) => {
      expect(workerQueueName('acme', worker)).toBe(`lava-acme-${worker}`);
    },
  );

  it.each([
    ['dispatch'],
    ['audit'],
    ['s3events'],
    ['core-dlq'],
    ['-x'],
    ['../x'],
    ['a.b'],
    ['a/b'],
    [''],
    ['w'.repeat(67)],
  ])('refuses worker %j', (worker) => {
    expect(() => workerQueueName('acme', worker)).toThrow(/Bad worker name/);
  });

  it('splits a queue name on the first two dashes', () => {
    expect(parseWorkerQueueName('lava-acme-gpu-big')).toEqual({ realm: 'acme', worker: 'gpu-big' });
    expect(parseWorkerQueueName('other-queue')).toBeUndefined();
  });
});
