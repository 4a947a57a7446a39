import { deleteTriggerRule, EventRulesRepository, putTriggerRule } from '@lava/aws';
import { validateEventRule } from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { CliError, NotFoundError } from '../errors';
import { examples } from './help-text';
import { listRecords, loadValid, type RecordKind } from './record-kind';

/** EventBridge rule triggers: `lava.<realm>.rules`, each provisioned as rule `lava.<realm>.<rule_id>`. */
export const RULE_KIND: RecordKind = {
  kind: 'rule',
  idField: 'rule_id',
  validate: (raw, opts) => validateEventRule(raw, opts),
  store: (ctx) => new EventRulesRepository(ctx.clients().dynamo, ctx.realm()),
  columns: ['job_id', 'enabled', 'event_pattern'],
};

/**
 * `put`: validate every file first, then for each rule provision its EventBridge rule (EventBridge
 * judges the pattern) and store the record. A refused pattern stops there; earlier rules stay put.
 */
async function putRules(ctx: CliContext, files: string[], strict: boolean): Promise<void> {
  const valid = await loadValid(ctx, RULE_KIND, files, strict);
  const realm = ctx.realm();
  const store = new EventRulesRepository(ctx.clients().dynamo, realm);
  const written: { rule_id: string; file: string; rules: string[] }[] = [];
  for (const v of valid) {
    const spec = validateEventRule(v.record).value;
    let steps;
    try {
      steps = await putTriggerRule(ctx.clients(), realm, spec);
      await store.put(v.record as never);
    } catch (err) {
      const done = written.length ? ` (already put: ${written.map((w) => w.rule_id).join(', ')})` : '';
      throw new CliError('CLI_WRITE_FAILED', `${v.file}: rule ${v.id}: ${(err as Error).message}${done}`, 1, {
        cause: err,
      });
    }
    const rules = steps.filter((s) => s.action !== 'deleted').map((s) => s.name);
    written.push({ rule_id: v.id, file: v.file, rules });
    if (!ctx.json) ctx.io.stdout(`put rule ${v.id} (${v.file}): ${rules.join(', ')}\n`);
  }
  if (ctx.json) ctx.print({ written });
}

/** `delete`: the EventBridge rules and the record of each id; exit non-zero when one did not exist. */
async function deleteRules(ctx: CliContext, ids: string[]): Promise<void> {
  const realm = ctx.realm();
  const store = new EventRulesRepository(ctx.clients().dynamo, realm);
  const missing: string[] = [];
  for (const id of ids) {
    const steps = await deleteTriggerRule(ctx.clients(), realm, id);
    const removed = await store.delete(id);
    if (removed || steps.some((s) => s.action === 'deleted')) ctx.io.stdout(`deleted rule ${id}\n`);
    else missing.push(id);
  }
  if (missing.length) throw new NotFoundError('rule', missing.join(', '));
}

/** `lava rule put|list|delete`. */
export function registerRuleCommands(program: Command, ctx: CliContext): void {
  const rule = program
    .command('rule')
    .description('manage EventBridge rule triggers: events matching a pattern dispatch a job');
  rule.addHelpText(
    'after',
    examples('lava rule put rules/*.yaml', 'lava rule list', 'lava rule delete orders'),
  );

  rule
    .command('put')
    .description('validate rule files, provision each as an EventBridge rule and store it')
    .argument('<files...>', 'files or directories')
    .option('--strict', 'reject unknown fields instead of warning')
    .addHelpText('after', examples('lava rule put rules/orders.yaml'))
    .action((files: string[], opts: { strict?: boolean }) => putRules(ctx, files, Boolean(opts.strict)));

  rule
    .command('list')
    .description('list rule triggers: rule_id, job_id, enabled, event_pattern')
    .addHelpText('after', examples('lava rule list --json'))
    .action(() => listRecords(ctx, RULE_KIND));

  rule
    .command('delete')
    .description('delete rule triggers and their EventBridge rules')
    .argument('<rule_ids...>')
    .addHelpText('after', examples('lava rule delete orders'))
    .action((ids: string[]) => deleteRules(ctx, ids));
}
