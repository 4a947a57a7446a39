import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatLogLine, type FormatOptions } from './log-format';

/** One process to supervise: a TypeScript entry point run through the swc require hook. */
export interface ProcessSpec {
  name: string;
  /** Absolute path of the TypeScript entry file. */
  entry: string;
  args?: string[];
  /** Flags for node itself, before the entry (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeFlags?: string[];
  env?: Record<string, string>;
  /** A log line containing this text marks the process ready (default `"msg":"ready"`). */
  readyText?: string;
}

export interface SupervisorOptions {
  /** Absolute path of scripts/run-ts.js. */
  runTs: string;
  baseEnv: NodeJS.ProcessEnv;
  format: FormatOptions;
  /** Where formatted lines go; defaults to stdout. Tests capture them. */
  output?: (line: string) => void;
  readyTimeoutMs?: number;
}

interface Supervised {
  spec: ProcessSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
  lines: string[];
  onLine?: (line: string) => void;
}

/** `.js` entries run as they are; `.ts` entries through the swc require hook. */
function nodeArgs(runTs: string, spec: ProcessSpec): string[] {
  const head = spec.entry.endsWith('.js') ? [spec.entry] : [runTs, spec.entry];
  return [...(spec.nodeFlags ?? []), ...head, ...(spec.args ?? [])];
}

/** util-linux `setpriv` (Linux), which can set the parent-death signal before exec'ing node. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/**
 * The command line of a supervised process. On Linux each child is started through
 * `setpriv --pdeathsig KILL`, so the kernel kills it the moment the supervisor dies, even by
 * SIGKILL (when no exit handler runs): no service outlives `npm start`. Elsewhere the child is
 * started directly and only the supervisor's exit handler stops it.
 */
export function supervisedCommand(argv: string[]): { command: string; args: string[] } {
  if (process.platform === 'linux' && SETPRIV)
    return { command: SETPRIV, args: ['--pdeathsig', 'KILL', '--', ...argv] };
  const [command, ...args] = argv;
  return { command: command!, args };
}

/** Starts processes with prefixed, readable logs; stops them all with SIGTERM then SIGKILL. */
export class ProcessSupervisor {
  private readonly running = new Map<string, Supervised>();
  private readonly width: number;
  private order = 0;

  constructor(
    private readonly options: SupervisorOptions,
    names: string[] = [],
  ) {
    this.width = Math.max(8, ...names.map((n) => n.length));
  }

  /** Starts `spec` and resolves with its ready line once it logs it; rejects if it exits first. */
  async start(spec: ProcessSpec): Promise<string> {
    if (this.running.has(spec.name)) throw new Error(`process ${spec.name} is already running`);
    const index = this.order++;
    const { command, args } = supervisedCommand([process.execPath, ...nodeArgs(this.options.runTs, spec)]);
    const child = spawn(command, args, {
      env: { ...this.options.baseEnv, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal's Ctrl-C reaches only the supervisor, which then stops the
      // children in order with one SIGTERM each (a second signal would skip their drain).
      detached: true,
    });
    process.once('exit', () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const entry: Supervised = { spec, child, exited, lines: [] };
    this.running.set(spec.name, entry);
    const ready = this.waitReady(entry, spec.readyText ?? '"msg":"ready"');
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => this.onLine(entry, index, line));
    }
    return ready;
  }

  /** Lines a process has printed so far (raw), for tests. */
  linesOf(name: string): readonly string[] {
    return this.running.get(name)?.lines ?? [];
  }

  /** The operating-system pid of a running process (benchmarks read its CPU time from /proc). */
  pidOf(name: string): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /** Sends `signal` to one process and waits for it to exit. */
  async stopOne(name: string, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15000): Promise<number | null> {
    const entry = this.running.get(name);
    if (!entry) return null;
    entry.child.kill(signal);
    const timer = setTimeout(() => entry.child.kill('SIGKILL'), graceMs);
    const code = await entry.exited;
    clearTimeout(timer);
    this.running.delete(name);
    return code;
  }

  /** Stops every process, most recently started first (services before the AWS endpoint). */
  async stopAll(graceMs = 15000): Promise<void> {
    const names = [...this.running.keys()].reverse();
    await Promise.all(
      names.filter((n) => n !== names[names.length - 1]).map((n) => this.stopOne(n, 'SIGTERM', graceMs)),
    );
    const last = names[names.length - 1];
    if (last) await this.stopOne(last, 'SIGTERM', graceMs);
  }

  private onLine(entry: Supervised, index: number, line: string): void {
    entry.lines.push(line);
    entry.onLine?.(line);
    if (entry.lines.length > 5000) entry.lines.shift();
    const out = this.options.output ?? ((l: string) => process.stdout.write(l + '\n'));
    out(formatLogLine(entry.spec.name, index, this.width, line, this.options.format));
  }

  private waitReady(entry: Supervised, readyText: string): Promise<string> {
    const timeoutMs = this.options.readyTimeoutMs ?? 60000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${entry.spec.name} did not become ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = (line: string) => {
        if (!line.includes(readyText)) return;
        entry.onLine = undefined;
        clearTimeout(timer);
        resolve(line);
      };
      entry.onLine = check;
      entry.exited
        .then((code) => {
          if (!entry.onLine) return;
          clearTimeout(timer);
          reject(
            new Error(
              `${entry.spec.name} exited with code ${code} before it was ready:\n${entry.lines.slice(-20).join('\n')}`,
            ),
          );
        })
        .catch(reject);
    });
  }
}
