import { Command, CommanderError } from 'commander';
import { CliContext, type GlobalOptions } from './cli-context';
import { processIO, type CliIO } from './cli-io';
import { version } from '../package.json';
import { registerCheckCommand } from './commands/check.command';
import { registerDagGenCommand } from './commands/dag-gen.command';
import { registerWsCommand } from './commands/ws.command';
import { registerApiTokenCommands } from './commands/api-token.command';
import { registerCompletionCommand } from './commands/completion.command';
import { registerConnectionCommands } from './commands/connection.command';
import { registerConnUsageCommand } from './commands/conn-usage.command';
import { registerDispatchCommand } from './commands/dispatch.command';
import { registerDumpCommands } from './commands/dump.command';
import { registerEmailCommand } from './commands/email.command';
import { examples } from './commands/help-text';
import { registerJobCommands } from './commands/job.command';
import { registerJobActivityCommand } from './commands/job-activity.command';
import { registerLogsCommand } from './commands/logs.command';
import { registerRealmCommands } from './commands/realm.command';
import { registerRunHistoryCommands } from './commands/runs.command';
import { registerScheduleCommands } from './commands/schedule.command';
import { registerSlackCommand } from './commands/slack.command';
import { registerSqlCommand } from './commands/sql.command';
import { registerSharepointCommands } from './commands/sharepoint.command';
import { registerSmbCommand } from './commands/smb.command';
import { registerStateCommands } from './commands/state.command';
import { registerTriggerCommands } from './commands/trigger.command';
import { registerTriggerTestCommand } from './commands/trigger-test.command';
import { registerRuleCommands } from './commands/rule.command';
import { reportError } from './report-error';

/** Build the `lava` program. Output and exits go through `ctx.io`, never `process`. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('lava')
    .description('Lava: manage a realm, its jobs, connections, triggers and state, and dispatch runs')
    .option('--realm <realm>', 'realm name (default: env LAVA_REALM)')
    .option('--endpoint <url>', 'AWS endpoint, e.g. a local one (default: env AWS_ENDPOINT_URL)')
    .option('--region <region>', 'AWS region (default: env AWS_REGION, else us-east-1)')
    .option('--json', 'machine-readable JSON output')
    .version(`lava ${version} (node ${process.version})`, '-V, --version', 'print the lava version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) })
    .addHelpText(
      'after',
      examples(
        'lava realm create acme',
        'lava --realm acme job put jobs/*.yaml',
        'lava --realm acme dispatch etl/load -p day=2024-05-01 --dry-run',
      ),
    );
  program.hook('preAction', (_root, action) => ctx.setGlobals(action.optsWithGlobals<GlobalOptions>()));
  registerRealmCommands(program, ctx);
  registerJobCommands(program, ctx);
  registerConnectionCommands(program, ctx);
  registerTriggerCommands(program, ctx);
  registerTriggerTestCommand(program, ctx);
  registerRuleCommands(program, ctx);
  registerStateCommands(program, ctx);
  registerSharepointCommands(program, ctx);
  registerSmbCommand(program, ctx);
  registerEmailCommand(program, ctx);
  registerSlackCommand(program, ctx);
  registerDispatchCommand(program, ctx);
  registerRunHistoryCommands(program, ctx);
  registerLogsCommand(program, ctx);
  registerScheduleCommands(program, ctx);
  registerDumpCommands(program, ctx);
  registerConnUsageCommand(program, ctx);
  registerJobActivityCommand(program, ctx);
  registerCheckCommand(program, ctx);
  registerWsCommand(program, ctx);
  registerDagGenCommand(program, ctx);
  registerSqlCommand(program, ctx);
  registerApiTokenCommands(program, ctx);
  registerCompletionCommand(program, ctx);
  return program;
}

/**
 * Run the CLI with `argv` (arguments only, no `node lava`). Resolves to the exit code after
 * handing it to `io.exit`; never throws.
 *
 * @example const code = await runCli(['--realm', 'acme', 'job', 'list'], memoryIO(), env);
 */
export async function runCli(
  argv: string[],
  io: CliIO = processIO(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  // Commands may set a non-zero code without failing (`realm describe` on an incomplete
  // realm); the process ends once, here, with that code or the error's.
  let requested: number | undefined;
  const ctx = new CliContext({ ...io, exit: (c) => void (requested = c) }, env);
  let code: number;
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    code = requested ?? 0;
  } catch (err) {
    code = err instanceof CommanderError ? err.exitCode : reportError(io, err);
  } finally {
    ctx.close();
  }
  io.exit(code);
  return code;
}
