import { type ActionListName } from '@lava/core';
import type { JobAction, ActionContext } from './action';
import { ActionFailedError } from './errors';

/** The schema lists `lava` as an alias of `dispatch`; the original run time forgot it. */
const ALIASES: Record<string, string> = { lava: 'dispatch' };

/** Runs an action list in order; the first failure stops the list. */
export class ActionRunner {
  private readonly actions = new Map<string, JobAction>();

  constructor(actions: JobAction[]) {
    for (const a of actions) this.actions.set(a.type, a);
  }

  /** Registered action types. */
  types(): string[] {
    return [...this.actions.keys()].sort();
  }

  async runList(list: ActionListName, actions: unknown[], ctx: Omit<ActionContext, 'list'>): Promise<void> {
    for (const raw of actions) {
      const spec =
        raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
      const name = typeof spec?.action === 'string' ? spec.action : String(spec?.action ?? raw);
      const action = this.actions.get(ALIASES[name] ?? name);
      if (!spec || !action) throw new ActionFailedError(list, name, 'unknown action');
      try {
        checkKeys(action, spec);
        await action.run(spec, { ...ctx, list });
      } catch (err) {
        throw new ActionFailedError(list, name, err);
      }
    }
  }
}

function checkKeys(action: JobAction, spec: Record<string, unknown>): void {
  const missing = action.required.filter((k) => spec[k] === undefined);
  if (missing.length) throw new Error(`missing keys: ${missing.join(', ')}`);
  if (!action.allowed) return;
  const unexpected = Object.keys(spec).filter(
    (k) => k !== 'action' && !action.allowed!.includes(k) && !/^x-/i.test(k),
  );
  if (unexpected.length) throw new Error(`unexpected keys: ${unexpected.sort().join(', ')}`);
}
