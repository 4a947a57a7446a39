import { JobFailedError } from '@lava/core';
import { existsSync } from 'node:fs';
import { makeContext, makeJob, readOutput } from '../testing/handler-context.fixture';
import { CmdHandler } from './cmd.handler';

const handler = new CmdHandler();

describe('cmd handler', () => {
  it('runs argv without a shell, renders tokens and uploads non-empty streams', async () => {
    const job = makeJob({
      payload: 'sh -c "echo out-$0; echo $LAVA_JOB_ID"',
      parameters: { args: ['{{ vars.who }}'], vars: { who: 'amy' } },
    });
    const f = makeContext(job);
    const result = await handler.run(f.ctx);
    expect(result).toEqual({
      exit_status: 0,
      output: [{ payload: job.payload, exit_status: 0, stdout: `${f.ctx.outputs.prefix}/stdout` }],
    });
    expect(readOutput(f, 'stdout')).toBe('out-amy\ndemo/job\n');
    expect(f.outputs.has('stderr')).toBe(false);
  });

  it('fails with the exit status, a stderr excerpt and both streams uploaded', async () => {
    const f = makeContext(makeJob({ payload: `sh -c 'echo partial; echo boom >&2; exit 3'` }), {
      config: { STDERR_SIZE: '3' },
    });
    const err = await handler.run(f.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailedError);
    expect((err as JobFailedError).message).toBe('Failed with exit status 3');
    expect((err as JobFailedError).data).toMatchObject({ exit_status: 3, error: 'boo' });
    expect(readOutput(f, 'stdout')).toBe('partial\n');
    expect(readOutput(f, 'stderr')).toBe('boom\n');
  });

  it('kills the whole process group on timeout and reports exit status 28', async () => {
    const marker = `/tmp/lava-cmd-timeout-${process.pid}-${Date.now()}`;
    const f = makeContext(
      makeJob({ payload: `sh -c 'sleep 2 && touch ${marker} & sleep 5'`, parameters: { timeout: '0.3s' } }),
    );
    const err = (await handler.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toBe('Timed out after 0.3 seconds');
    expect(err.data).toMatchObject({ exit_status: 28 });
    await new Promise((r) => setTimeout(r, 2300));
    expect(existsSync(marker)).toBe(false);
  });

  it('exports the Lava identity environment and a private TMPDIR', async () => {
    const f = makeContext(
      makeJob({
        payload: 'sh -c "echo $LAVA_REALM $LAVA_WORKER $LAVA_RUN_ID $LAVA_S3_TMP; echo $TMPDIR"',
        parameters: { env: { GREETING: 'hi {{ job.job_id }}' } },
      }),
    );
    await handler.run(f.ctx);
    const [identity, tmp] = readOutput(f, 'stdout')!.trim().split('\n');
    expect(identity).toBe(`demo core ${f.ctx.job.run_id} ${f.ctx.outputs.prefix}`);
    expect(tmp!.startsWith(f.ctx.runDir + '/.lava.')).toBe(true);
  });

  it('rejects unknown parameters and empty payloads', async () => {
    await expect(
      handler.run(makeContext(makeJob({ payload: 'true', parameters: { nope: 1 } })).ctx),
    ).rejects.toThrow('Bad job parameters: Unexpected keys: nope');
    await expect(handler.run(makeContext(makeJob({ payload: '  ' })).ctx)).rejects.toThrow(
      'payload required',
    );
  });
});
