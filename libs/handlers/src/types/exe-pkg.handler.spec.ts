import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { makeContext, makeJob, readOutput, tempDir, writeScript } from '../testing/handler-context.fixture';
import { ExeHandler } from './exe.handler';
import { PkgHandler } from './pkg.handler';

describe('exe handler', () => {
  it('downloads, makes executable and runs each file with args, stopping at the first failure', async () => {
    const ok = writeScript('a-ok.sh', '#!/bin/sh\necho "ok $1 $2 $LAVA_S3_PAYLOAD"\n');
    const bad = writeScript('b-bad.sh', '#!/bin/sh\necho nope >&2\nexit 4\n');
    const never = writeScript('c-never.sh', '#!/bin/sh\necho never\n');
    const job = makeJob({
      type: 'exe',
      payload: 'scripts/ first',
      parameters: { args: ['{{ vars.x }}'], vars: { x: 'second' } },
    });
    const f = makeContext(job, { payloadFiles: { 'scripts/a': ok, 'scripts/b': bad, 'scripts/c': never } });
    const err = (await new ExeHandler().run(f.ctx).catch((e: unknown) => e)) as {
      message: string;
      data: { output: unknown[] };
    };
    expect(err.message).toBe('Failed with exit status 4');
    expect(err.data.output).toHaveLength(2);
    expect(readOutput(f, 'a-ok.sh.stdout')).toBe('ok first second s3://bucket/payloads/scripts/\n');
    expect(readOutput(f, 'b-bad.sh.stderr')).toBe('nope\n');
    expect(f.outputs.has('c-never.sh.stdout')).toBe(false);
  });

  it('refuses list payloads', async () => {
    await expect(
      new ExeHandler().run(makeContext(makeJob({ type: 'exe', payload: ['a'] })).ctx),
    ).rejects.toThrow('Only single string payloads are supported for exe jobs');
  });
});

describe('pkg handler', () => {
  it('unpacks a tar.gz in process and runs the entry point in the unpack dir', async () => {
    const src = tempDir('lava-pkg-src-');
    writeFileSync(join(src, 'run.sh'), '#!/bin/sh\necho "pkg $1 in $(basename $(pwd))"\ncat data.txt\n', {
      mode: 0o644,
    });
    writeFileSync(join(src, 'data.txt'), 'payload-data\n');
    const archive = join(tempDir('lava-pkg-'), 'app.tar.gz');
    await tar.c({ gzip: true, file: archive, cwd: src }, ['run.sh', 'data.txt']);
    const job = makeJob({ type: 'pkg', payload: 'pkgs/app.tar.gz', parameters: { command: 'run.sh hello' } });
    const f = makeContext(job, { payloadFiles: { 'pkgs/app.tar.gz': archive } });
    const result = await new PkgHandler().run(f.ctx);
    expect(result).toMatchObject({ exit_status: 0, output: [{ payload: 'app.tar.gz', exit_status: 0 }] });
    expect(readOutput(f, 'app.tar.gz.stdout')).toMatch(/^pkg hello in 1\.pkg\.\w+\npayload-data\n$/);
  });

  // Each archive is built by the system tar with the compressor the original's `tar -x` detected.
  it.each([
    ['app.tar.bz2', '--bzip2'],
    ['app.tar.xz', '--xz'],
    ['app.tar.zst', '--zstd'],
    ['app.tar.lzma', '--lzma'],
    ['app.tar', '--no-auto-compress'],
  ])('unpacks %s (tar %s) and runs the entry point', async (name, flag) => {
    const src = tempDir('lava-pkg-src-');
    writeFileSync(join(src, 'run.sh'), `#!/bin/sh\necho "${name} $1"\ncat sub/data.txt\n`, { mode: 0o755 });
    execFileSync('mkdir', [join(src, 'sub')]);
    writeFileSync(join(src, 'sub', 'data.txt'), 'nested\n');
    const archive = join(tempDir('lava-pkg-'), name);
    execFileSync('tar', ['-c', flag, '-f', archive, '-C', src, 'run.sh', 'sub']);
    const job = makeJob({ type: 'pkg', payload: `pkgs/${name}`, parameters: { command: 'run.sh hi' } });
    const f = makeContext(job, { payloadFiles: { [`pkgs/${name}`]: archive } });
    await expect(new PkgHandler().run(f.ctx)).resolves.toMatchObject({ exit_status: 0 });
    expect(readOutput(f, `${name}.stdout`)).toBe(`${name} hi\nnested\n`);
  });

  it('reports a corrupt compressed tar with the decompressor message', async () => {
    const bad = join(tempDir('lava-pkg-'), 'bad.tar.bz2');
    writeFileSync(bad, Buffer.concat([Buffer.from('BZh9'), Buffer.alloc(64, 7)]));
    const f = makeContext(makeJob({ type: 'pkg', payload: 'p/bad.tar.bz2', parameters: { command: 'x' } }), {
      payloadFiles: { 'p/bad.tar.bz2': bad },
    });
    await expect(new PkgHandler().run(f.ctx)).rejects.toThrow(
      /Cannot unpack bad\.tar\.bz2: bzip2 failed: .+/,
    );
  });

  it('requires a command and refuses unknown archive types', async () => {
    await expect(
      new PkgHandler().run(makeContext(makeJob({ type: 'pkg', payload: 'x.zip' })).ctx),
    ).rejects.toThrow('No command');
    const odd = writeScript('thing.rar', 'not an archive');
    const f = makeContext(
      makeJob({ type: 'pkg', payload: 'p/thing.rar', parameters: { command: 'run.sh' } }),
      { payloadFiles: { 'p/thing.rar': odd } },
    );
    await expect(new PkgHandler().run(f.ctx)).rejects.toThrow("Don't know how to unpack thing.rar");
  });
});
