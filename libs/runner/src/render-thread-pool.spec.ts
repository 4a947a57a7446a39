import { RenderThreadPool } from './render-thread-pool';

describe('RenderThreadPool', () => {
  it('answers plain text itself, as Jinja renders it, without a thread', async () => {
    const pool = new RenderThreadPool({ size: 1 });
    const run = pool.bind({ job: { job_id: 'j1' } });
    await pool.close();
    // With the threads gone, only a render that needs none can still answer.
    expect(await run.render('true', 'payload')).toBe('true');
    expect(await run.render('line one\r\nline two\n', 'payload')).toBe('line one\nline two');
    await expect(run.render('{{ job.job_id }}', 'payload')).rejects.toThrow('render threads closed');
  });
});
