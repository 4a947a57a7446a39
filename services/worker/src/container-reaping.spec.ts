import { Logger } from '@lava/logging';
import { ContainerReaping } from './container-reaping';

describe('ContainerReaping', () => {
  const logged = () => {
    const lines: string[] = [];
    return { lines, logger: new Logger({ service: 'worker' }, { sink: (l) => lines.push(l) }) };
  };

  it('logs what it removed at boot and at stop', async () => {
    const { lines, logger } = logged();
    const reaping = new ContainerReaping(
      { reapOrphans: async () => ['a'.repeat(64)], reapOwn: async () => ['b'.repeat(64)] },
      logger,
    );
    await reaping.atBoot();
    await reaping.atStop();
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'removed docker job containers orphans of a dead worker',
        containers: ['a'.repeat(12)],
      }),
      expect.objectContaining({
        msg: 'removed docker job containers left by this worker',
        containers: ['b'.repeat(12)],
      }),
    ]);
  });

  it('an engine that does not answer is a warning, not a failed boot', async () => {
    const { lines, logger } = logged();
    const refuse = async (): Promise<string[]> => {
      throw new Error('connect ENOENT /var/run/docker.sock');
    };
    await new ContainerReaping({ reapOrphans: refuse, reapOwn: refuse }, logger).atBoot();
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      msg: 'docker job containers not reaped: the Docker engine did not answer',
      error: 'connect ENOENT /var/run/docker.sock',
    });
  });

  it('a host without a Docker socket reaps nothing and says nothing', async () => {
    const { lines, logger } = logged();
    const reaping = ContainerReaping.localEngine(logger, '/nonexistent/docker.sock');
    await reaping.atBoot();
    await reaping.atStop();
    expect(lines).toEqual([]);
  });
});
