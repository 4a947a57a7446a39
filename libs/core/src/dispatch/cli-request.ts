import { CORE_ERROR_CODES, LavaError } from '../errors';
import { parseDuration, roundHalfEven } from '../values/duration';
import type { DispatchRequest } from './dispatch-request';
import { MAX_DISPATCH_DELAY_SECONDS } from './dispatch-request';
import { DottedNameError, expandDottedAssignments } from './dotted-names';
import { shellSplit } from './shell-lexer';

/** Error for one CLI-style line; the message is the original helper's text where one exists. */
export class CliRequestError extends LavaError {
  override readonly name = 'CliRequestError';
  constructor(message: string) {
    super(CORE_ERROR_CODES.CLI_REQUEST_INVALID, message);
  }
}

const LONG_OPTIONS = { delay: 'd', global: 'g', param: 'p' } as const;
type Short = 'd' | 'g' | 'p';

interface Collected {
  delay?: string;
  g: string[];
  p: string[];
  positionals: string[];
}

/**
 * Parses one CLI-style request line: `<job_id> [-d|--delay D] [-g|--global N=V]... [-p|--param N=V]...`
 * Returns undefined for a blank or comment-only line.
 *
 * @example parseCliRequestLine('etl/load -p vars.day=2024-04-30 -d 90s')
 * @throws CliRequestError for lexing errors, unknown options, extra arguments, bad delays, conflicts.
 */
export function parseCliRequestLine(line: string): DispatchRequest | undefined {
  let tokens: string[];
  try {
    tokens = shellSplit(line);
  } catch (e) {
    throw new CliRequestError((e as Error).message);
  }
  const [jobId, ...rest] = tokens;
  if (jobId === undefined) return undefined;
  return buildRequest(jobId, collectOptions(rest));
}

/**
 * Parses the arguments after a job id (`-p`, `-g`, `-d`) the same way as a text line does; used
 * by the `lava dispatch` command.
 */
export function parseDispatchArgs(jobId: string, args: readonly string[]): DispatchRequest {
  return buildRequest(jobId, collectOptions(args));
}

function buildRequest(jobId: string, c: Collected): DispatchRequest {
  if (c.positionals.length) throw new CliRequestError(`unrecognized arguments: ${c.positionals.join(' ')}`);
  return {
    job_id: jobId,
    parameters: expand(c.p, '-p, --param'),
    globals: expand(c.g, '-g, --global'),
    delay_seconds: c.delay === undefined ? 0 : cliDelay(c.delay),
  };
}

function expand(values: string[], flag: string): DispatchRequest['parameters'] {
  try {
    return expandDottedAssignments(values);
  } catch (e) {
    if (e instanceof DottedNameError) throw new CliRequestError(`Bad ${flag} args: ${e.message}`);
    throw e;
  }
}

/** `-d` delays: a duration rounded (half to even, like Python) to whole seconds, 0-900. */
export function cliDelay(text: string): number {
  let seconds: number;
  try {
    seconds = roundHalfEven(parseDuration(text));
  } catch (e) {
    throw new CliRequestError(`Bad -d, --delay value: ${(e as Error).message}`);
  }
  if (seconds < 0 || seconds > MAX_DISPATCH_DELAY_SECONDS) {
    throw new CliRequestError(`Bad -d, --delay value: ${text}: must be between 0 and 15 minutes`);
  }
  return seconds;
}

function collectOptions(tokens: readonly string[]): Collected {
  const c: Collected = { g: [], p: [], positionals: [] };
  let i = 0;
  let optionsEnded = false;
  while (i < tokens.length) {
    const tok = tokens[i++] as string;
    if (optionsEnded || !looksLikeOption(tok)) {
      c.positionals.push(tok);
      continue;
    }
    if (tok === '--') {
      optionsEnded = true;
      continue;
    }
    const [short, attached] = splitOption(tok);
    const value = attached ?? takeValue(tokens, i, tok);
    if (attached === undefined) i++;
    if (short === 'd') c.delay = value;
    else c[short].push(value);
  }
  return c;
}

/** argparse treats `-5` and `-.5` as values (no option looks like a number), `-x...` as options. */
function looksLikeOption(tok: string): boolean {
  return tok.startsWith('-') && tok !== '-' && !/^-\d+$|^-\d*\.\d+$/.test(tok);
}

function splitOption(tok: string): [Short, string | undefined] {
  if (tok.startsWith('--')) {
    const eq = tok.indexOf('=');
    const name = tok.slice(2, eq < 0 ? undefined : eq);
    const matches = (Object.keys(LONG_OPTIONS) as (keyof typeof LONG_OPTIONS)[]).filter(
      (o) => name && o.startsWith(name),
    );
    const long = matches[0];
    if (matches.length !== 1 || long === undefined)
      throw new CliRequestError(`unrecognized arguments: ${tok}`);
    return [LONG_OPTIONS[long], eq < 0 ? undefined : tok.slice(eq + 1)];
  }
  const short = tok[1];
  if (short !== 'd' && short !== 'g' && short !== 'p')
    throw new CliRequestError(`unrecognized arguments: ${tok}`);
  const rest = tok.slice(2);
  if (rest === '') return [short, undefined];
  return [short, rest.startsWith('=') ? rest.slice(1) : rest];
}

function takeValue(tokens: readonly string[], i: number, opt: string): string {
  const next = tokens[i];
  if (next === undefined || looksLikeOption(next))
    throw new CliRequestError(`argument ${opt}: expected one argument`);
  return next;
}
