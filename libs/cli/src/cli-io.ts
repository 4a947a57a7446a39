/**
 * Where the CLI writes and how it ends. Injected so tests run commands in-process and assert
 * on the output, and so nothing deep in a command touches `process` directly.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): void;
}

/**
 * A reader that stops reading early (`lava ... | head`) closes the pipe: the next write fails with
 * EPIPE. That is the reader's choice, not a failure of the command, so the CLI ends quietly as
 * other command-line tools do, instead of dying with an unhandled stream error.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/** The real process streams. `exit` sets `process.exitCode` so pending output still flushes. */
export function processIO(): CliIO {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    exit: (code) => {
      process.exitCode = code;
    },
  };
}

/** An in-memory IO for tests: everything written, and the exit code. */
export interface MemoryIO extends CliIO {
  out: string;
  err: string;
  code: number | undefined;
}

/** Build a `MemoryIO`. */
export function memoryIO(): MemoryIO {
  const io: MemoryIO = {
    out: '',
    err: '',
    code: undefined,
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    exit: (code) => void (io.code = code),
  };
  return io;
}
