import { serviceLogger } from './service-logger';

describe('serviceLogger', () => {
  const config = { LAVA_REALM: 'acme', LAVA_LOG_LEVEL: 'warn' };

  it('tags every line with the service, the realm and any extra fields, at the configured level', () => {
    const lines: string[] = [];
    const logger = serviceLogger(config, 'worker', {
      fields: { worker: 'core' },
      sink: (l) => lines.push(l),
    });
    logger.info('not at warn');
    logger.warn('at warn');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      service: 'worker',
      realm: 'acme',
      worker: 'core',
      msg: 'at warn',
    });
  });
});
