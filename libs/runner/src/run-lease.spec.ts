import { type ClaimResult, type RunLedger } from '@lava/core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, UnconfinedSandbox } from '@lava/handlers';
import { Logger } from '@lava/logging';
import { RunLease } from './run-lease';
import { RunMessageHandler } from './run-message.handler';
import { RunAbortedError } from './sleep';
import type { JobRunner } from './job-runner';

const logger = new Logger({ service: 'test' }, { sink: () => undefined });

/** A ledger whose renewals are scripted: 'ok', 'lost' (fence moved) or 'down' (request fails). */
function fakeLedger(renewal: 'ok' | 'lost' | 'down') {
  const calls: string[] = [];
  const ledger: RunLedger = {
    claim: async (): Promise<ClaimResult> => ({ outcome: 'claimed', fence: 7 }),
    extend: async (_r, _o, fence, until) => {
      calls.push(`extend:${fence}:${until.getTime() === 0 ? 'release' : 'renew'}`);
      if (renewal === 'down' && until.getTime() !== 0) throw new Error('ECONNREFUSED');
      return renewal !== 'lost';
    },
    finish: async (_r, _o, fence, status) => (calls.push(`finish:${fence}:${status}`), true),
  };
  return { ledger, calls };
}

describe('RunLease (manual clock)', () => {
  function lease(renewal: 'ok' | 'lost' | 'down') {
    let now = 1_000_000;
    const { ledger, calls } = fakeLedger(renewal);
    const l = new RunLease({
      ledger,
      runId: 'r',
      owner: 'w',
      fence: 7,
      leaseMs: 60_000,
      claimedUntil: new Date(now + 60_000),
      clock: () => new Date(now),
      logger,
    });
    const advance = async (ms: number) => {
      now += ms;
      l.tick();
      await new Promise((r) => setImmediate(r));
    };
    return { l, advance, calls };
  }

  it('renews every third of the lease and keeps the run going while renewals succeed', async () => {
    const { l, advance, calls } = lease('ok');
    for (let t = 0; t < 10; t++) await advance(20_000);
    expect(l.signal.aborted).toBe(false);
    expect(calls.filter((c) => c === 'extend:7:renew').length).toBeGreaterThanOrEqual(9);
  });

  it('gives up a quarter of the lease before expiry when renewals keep failing', async () => {
    const { l, advance } = lease('down');
    await advance(20_000); // renewal fails
    await advance(20_000); // fails again; 40 s in, 20 s left: still above the 15 s margin
    expect(l.signal.aborted).toBe(false);
    await advance(5_000); // 45 s in: within 15 s of expiry
    expect(l.signal.aborted).toBe(true);
    expect(l.lost).toMatch(/lease not renewed/);
  });

  it('gives up at once when a renewal finds the run claimed by another attempt', async () => {
    const { l, advance } = lease('lost');
    await advance(20_000);
    expect(l.signal.aborted).toBe(true);
    expect(l.lost).toBe('lease taken over by another attempt');
  });
});

describe('RunMessageHandler with a lease it cannot renew', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lava-lease-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('kills the job before the lease expires, releases the claim and the message', async () => {
    const { ledger, calls } = fakeLedger('down');
    const pidFile = join(dir, 'job.pid');
    let stoppedAt = 0;
    const runner = {
      runTopLevel: async ({ signal }: { signal: AbortSignal }) => {
        const run = runProcess({
          argv: ['sh', '-c', `echo $$ > ${pidFile}; exec sleep 30`],
          cwd: dir,
          runDir: dir,
          sandbox: new UnconfinedSandbox(),
          env: {},
          timeoutMs: 60_000,
          stdoutFile: join(dir, 'out'),
          stderrFile: join(dir, 'err'),
          signal,
        });
        const outcome = await run;
        stoppedAt = Date.now();
        if (outcome.aborted) throw new RunAbortedError();
        return { status: 'complete', result: {} };
      },
    } as unknown as JobRunner;
    const handler = new RunMessageHandler({
      realm: 'acme',
      worker: 'core',
      jobs: { get: async () => ({ job_id: 'j', type: 'cmd', worker: 'core', payload: 'sleep 30' }) },
      validateJob: (raw) => raw as Record<string, unknown>,
      runner,
      ledger,
      events: { record: async () => undefined },
      owner: 'w',
      leaseSeconds: 2,
      clock: () => new Date(),
      logger,
    });
    const body = JSON.stringify({
      realm: 'acme',
      worker: 'core',
      job_id: 'j',
      run_id: '0b5a7c3e-2f6b-4c55-9a43-3e1b7d2a9f10',
      ts_dispatch: '2024-05-01T00:00:00+00:00',
    });
    const claimedAt = Date.now();
    const disposition = await handler.handle(
      { body, receiveCount: 1, messageId: 'm' },
      new AbortController().signal,
    );
    expect(disposition).toEqual({ kind: 'release', delaySeconds: 0 });
    // Stopped within the last quarter of the 2 s lease, before it could expire.
    expect(stoppedAt - claimedAt).toBeGreaterThanOrEqual(1400);
    expect(stoppedAt - claimedAt).toBeLessThan(2000);
    expect(calls).toContain('extend:7:release');
    expect(calls.some((c) => c.startsWith('finish'))).toBe(false);
    // The job process is gone (signal 0 to a dead pid throws ESRCH).
    const jobPid = Number(readFileSync(pidFile, 'utf8'));
    expect(jobPid).toBeGreaterThan(1);
    expect(() => process.kill(jobPid, 0)).toThrow();
  });
});
