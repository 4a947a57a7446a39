import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

describe('lava schedule no-dispatch and lava dispatch --check-dispatch', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--realm', 'acme', ...argv], io, env);
    return { code, out: io.out, err: io.err };
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-nodispatch-'));
    env = { LAVA_NO_DISPATCH_FILE: path.join(dir, 'sub', '__nodispatch__') };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates, shows and removes the suppression file', async () => {
    const file = env.LAVA_NO_DISPATCH_FILE!;
    expect(await lava('--json', 'schedule', 'no-dispatch')).toMatchObject({ code: 0 });
    expect(JSON.parse((await lava('--json', 'schedule', 'no-dispatch')).out)).toEqual({
      file,
      suppressed: false,
    });
    expect((await lava('schedule', 'no-dispatch', 'on')).out).toBe(
      `dispatch suppressed on this host (${file})\n`,
    );
    expect(existsSync(file)).toBe(true);
    expect((await lava('schedule', 'no-dispatch', 'off')).out).toBe(
      `dispatch allowed on this host (${file})\n`,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('makes dispatch --check-dispatch send nothing and exit 0 while the file exists', async () => {
    await lava('schedule', 'no-dispatch', 'on');
    // No endpoint is configured: reaching AWS would fail, so exit 0 proves nothing was sent.
    const r = await lava('dispatch', 'etl/load', '--check-dispatch', '--wait');
    expect(r).toEqual({
      code: 0,
      out: '',
      err: `warning: dispatch suppressed by presence of ${env.LAVA_NO_DISPATCH_FILE}; nothing sent\n`,
    });
  });

  it('refuses a state other than on or off with exit 2', async () => {
    const r = await lava('schedule', 'no-dispatch', 'maybe');
    expect(r.code).toBe(2);
    expect(r.err).toContain('state must be on or off');
  });
});
