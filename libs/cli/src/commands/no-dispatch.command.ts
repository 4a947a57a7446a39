import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NO_DISPATCH_FILE } from '@lava/scheduling';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { examples } from './help-text';

/** The suppression file on this host: env LAVA_NO_DISPATCH_FILE, else the original's path. */
export function noDispatchFile(ctx: CliContext): string {
  return ctx.env.LAVA_NO_DISPATCH_FILE || NO_DISPATCH_FILE;
}

/**
 * True (after a warning) when dispatch is suppressed on this host: `lava dispatch
 * --check-dispatch` then sends nothing and exits 0, as the original dispatcher did.
 */
export function dispatchSuppressed(ctx: CliContext): boolean {
  const file = noDispatchFile(ctx);
  if (!existsSync(file)) return false;
  ctx.note(`warning: dispatch suppressed by presence of ${file}; nothing sent`);
  return true;
}

/**
 * `lava schedule no-dispatch [on|off]`: the original's host-level no-dispatch switch (its
 * `lava-stop --no-dispatch`). It only affects this host: `lava dispatch --check-dispatch`
 * and schedulers here started with `LAVA_CHECK_DISPATCH=true`.
 */
export function registerNoDispatchCommand(schedule: Command, ctx: CliContext): void {
  schedule
    .command('no-dispatch')
    .description(
      'show or set this host\'s dispatch suppression file (honoured by "lava dispatch --check-dispatch" and LAVA_CHECK_DISPATCH schedulers)',
    )
    .argument('[state]', 'on (create the file) or off (remove it); omit to show')
    .addHelpText(
      'after',
      examples('lava schedule no-dispatch on', 'lava schedule no-dispatch', 'lava schedule no-dispatch off') +
        '\nThe file is env LAVA_NO_DISPATCH_FILE, else /tmp/lava/__nodispatch__. It is per host;\n' +
        'to stop a dispatcher across the realm use "lava schedule pause".\n',
    )
    .action(async (state: string | undefined) => {
      const file = noDispatchFile(ctx);
      if (state === 'on') {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, '');
      } else if (state === 'off') await rm(file, { force: true });
      else if (state !== undefined) throw new UsageError(`state must be on or off, got ${state}`);
      const suppressed = existsSync(file);
      ctx.print(
        { file, suppressed },
        `dispatch ${suppressed ? 'suppressed' : 'allowed'} on this host (${file})`,
      );
    });
}
