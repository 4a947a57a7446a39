import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { buildProgram, runCli } from './cli';
import { CliContext } from './cli-context';
import { memoryIO } from './cli-io';

/** Run the CLI in-process with an empty environment (no AWS is reached by these cases). */
async function lava(...argv: string[]) {
  const io = memoryIO();
  const code = await runCli(argv, io, {});
  return { code, out: io.out, err: io.err, exit: io.code };
}

describe('lava (argument parsing, no AWS)', () => {
  it('prints help with examples and exits 0', async () => {
    const r = await lava('--help');
    expect(r).toMatchObject({ code: 0, exit: 0 });
    for (const word of [
      'realm',
      'worker',
      'job',
      'connection',
      'trigger',
      'state',
      'dispatch',
      '--realm',
      '--endpoint',
      '--region',
      '--json',
      'Examples:',
    ]) {
      expect(r.out).toContain(word);
    }
  });

  it.each([
    ['job', 'put'],
    ['connection', 'get'],
    ['trigger', 'list'],
    ['state', 'put'],
    ['realm', 'create'],
    ['worker', 'create'],
    ['dispatch'],
  ])('has help with examples for %s %s', async (...cmd) => {
    const r = await lava(...cmd.filter(Boolean), '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Examples:\n {2}\$ lava /);
  });

  it('has examples in the help of every command and group', async () => {
    const paths: string[][] = [];
    const walk = (cmd: Command, path: string[]) => {
      for (const sub of cmd.commands.filter((c) => c.name() !== 'help')) {
        paths.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(buildProgram(new CliContext(memoryIO(), {})), []);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const r = await lava(...path, '--help');
      expect({ path, examples: r.out.includes('Examples:\n  $ lava ') }).toEqual({ path, examples: true });
    }
  });

  it('prints its version with --version and -V', async () => {
    const { version } = jest.requireActual<{ version: string }>('../package.json');
    for (const flag of ['--version', '-V'])
      expect(await lava(flag)).toMatchObject({ code: 0, out: `lava ${version} (node ${process.version})\n` });
  });

  it('prints bash and zsh completion generated from the commands, and refuses other shells', async () => {
    const bash = await lava('completion', 'bash');
    expect(bash.code).toBe(0);
    expect(bash.out).toContain('complete -o filenames -F _lava lava');
    expect(bash.out).toContain('" job") echo "put validate get list delete" ;;');
    expect(bash.out).toMatch(/" dispatch"\) echo "[^"]*--wait[^"]*--follow/);
    const zsh = await lava('completion', 'zsh');
    expect(zsh.out.startsWith('autoload -U +X bashcompinit && bashcompinit\n')).toBe(true);
    expect(await lava('completion', 'fish')).toMatchObject({
      code: 2,
      err: 'error: Bad shell: fish: bash or zsh\n',
    });
  });

  it('rejects an unknown command', async () => {
    const r = await lava('jobs');
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown command 'jobs'");
  });

  it.each([
    [['job', 'get', 'x'], 'No realm: pass --realm or set LAVA_REALM'],
    [['realm', 'delete', 'acme'], 'Refusing to delete realm acme without --yes'],
    [
      ['--realm', 'acme', 'dispatch', 'j', '-p', 'a=1', '-p', 'a.b=2'],
      'Bad -p, --param args: Path conflict: a.b',
    ],
    [
      ['--realm', 'acme', 'dispatch', 'j', '-d', '20m'],
      'Bad -d, --delay value: 20m: must be between 0 and 15 minutes',
    ],
    [
      ['--realm', 'acme', 'state', 'put', 'LavaThing', '-v', '1'],
      'Bad state_id: Values beginning with "lava" are reserved',
    ],
    [['--realm', 'acme', 'state', 'get', 'lava'], 'Bad state_id: Values beginning with "lava" are reserved'],
    [['--realm', 'acme', 'state', 'put', 's', '-p', 'a=1', '-v', 'x'], '-p and -v are mutually exclusive'],
    [
      ['--realm', 'acme', 'state', 'put', 's', '--type', 'weird'],
      'weird: No such state type (json, raw or secure)',
    ],
    [
      ['--realm', 'acme', 'state', 'put', 's', '--kms-key', 'alias/k'],
      '--kms-key applies to --type secure only',
    ],
    [
      ['--realm', 'acme', 'dispatch', 'j', '--dry-run', '--wait'],
      '--dry-run sends nothing: it cannot be combined with --wait or --follow',
    ],
    [['--realm', 'acme', 'logs', 'r', '--stream', 'both'], 'Bad --stream: both: stdout or stderr'],
    [['--realm', 'acme', 'logs', 'r', '--follow', '--poll', 'fast'], 'Bad --poll: Bad duration: "fast"'],
  ])('usage error for %j', async (argv, message) => {
    const r = await lava(...argv);
    expect(r.code).toBe(2);
    expect(r.exit).toBe(2);
    expect(r.err).toContain(`error: ${message}`);
  });

  describe('job validate', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'lava-cli-'));
      await writeFile(
        path.join(dir, 'good.yaml'),
        'job_id: a\ntype: cmd\nworker: core\npayload: echo\nowner: o\ndescription: d\n',
      );
      await writeFile(
        path.join(dir, 'bad.json'),
        '[{"job_id": "b", "type": "cmd", "payload": 1, "max_tries": -1}]',
      );
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('accepts valid files without touching AWS', async () => {
      const r = await lava('job', 'validate', path.join(dir, 'good.yaml'));
      expect(r.code).toBe(0);
      expect(r.out).toBe(`ok job a (${path.join(dir, 'good.yaml')})\n`);
    });

    it('lists every problem with file and path and exits 1', async () => {
      const bad = path.join(dir, 'bad.json');
      const r = await lava('job', 'validate', path.join(dir, 'good.yaml'), bad);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${bad}: job b: Missing keys: worker`);
      expect(r.err).toMatch(new RegExp(`${bad}: job b /max_tries: .+`));
      expect(r.err).toContain(`${bad}: job b /payload: must be string (got 1)`);
      expect(r.err).toContain('error: 3 problem(s) found; nothing was written');
    });

    it('checks each job type, every template and the job_id, and shows every warning with the errors', async () => {
      const file = path.join(dir, 'mistakes.yaml');
      await writeFile(
        file,
        [
          'job_id: ../escape\ntype: sql\nworker: core\nenabled: true\npayload: q.sql\nparameter: {}\nparameters: {conn_id: 42, delimter: ","}',
          'job_id: tpl\ntype: cmd\nworker: core\nenabled: true\npayload: "echo {{ vars.day "',
          'job_id: typo\ntype: cmdd\nworker: core\nenabled: true\npayload: x',
          'job_id: nosql\ntype: sqli\nworker: core\nenabled: true\npayload: select 1',
        ].join('\n---\n'),
      );
      const r = await lava('job', 'validate', file);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`warning: ${file}: job ../escape /parameter: Unexpected keys: parameter`);
      expect(r.err).toContain(
        `${file}: job ../escape /job_id: job_id "../escape" is not allowed: "." and ".." segments`,
      );
      expect(r.err).toContain(`${file}: job ../escape /parameters/conn_id: must be string (got 42)`);
      expect(r.err).toContain(`${file}: job ../escape /parameters/delimter: Unexpected keys: delimter`);
      expect(r.err).toContain(`${file}: job tpl /payload: template does not compile: expected variable end`);
      expect(r.err).toContain(`${file}: job typo /type: Unknown job type "cmdd"; known types: chain, cmd,`);
      expect(r.err).toContain(`${file}: job nosql /parameters: must have required property 'conn_id'`);
      expect(r.err).toContain('error: 6 problem(s) found; nothing was written');
    });

    it('warns loudly about a job without enabled; --strict makes every warning an error', async () => {
      const file = path.join(dir, 'noenabled.yaml');
      await writeFile(
        file,
        'job_id: quiet\ntype: cmd\nworker: core\npayload: "true"\nowner: o\ndescription: d\n',
      );
      const r = await lava('job', 'validate', file);
      expect(r.code).toBe(0);
      expect(r.err).toContain(
        '/enabled: enabled is missing: the job is DISABLED (the default is false); add enabled: true to run it',
      );
      const strict = await lava('job', 'validate', '--strict', file);
      expect(strict.code).toBe(1);
      expect(strict.err).toContain(
        `${file}: job quiet /enabled: enabled is missing: the job is DISABLED (the default is false); add enabled: true to run it (--strict)`,
      );
    });

    it('leaves templates alone when the job turns rendering off', async () => {
      const file = path.join(dir, 'raw.yaml');
      await writeFile(
        file,
        'job_id: raw\ntype: cmd\nworker: core\nenabled: true\nowner: o\ndescription: d\npayload: "echo {{ not a template"\nparameters: {jinja: false}\n',
      );
      expect((await lava('job', 'validate', '--strict', file)).code).toBe(0);
    });

    it('prints machine output with --json', async () => {
      const r = await lava('--json', 'job', 'validate', path.join(dir, 'good.yaml'));
      expect(JSON.parse(r.out)).toEqual({ valid: [{ job_id: 'a', file: path.join(dir, 'good.yaml') }] });
    });
  });
});
