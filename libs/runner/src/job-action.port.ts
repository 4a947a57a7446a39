import {
  type ActionPorts,
  type ActionListName,
  type ActionPort,
  type ActionScope,
  type TemplateEngine,
} from '@lava/core';
import type { ActionRunner } from '@lava/actions';
import type { Logger } from '@lava/logging';

/** The runner's ActionPort over @lava/actions, rendering with the action context (run context plus `result`). */
export class JobActionPort implements ActionPort {
  constructor(
    private readonly actions: ActionRunner,
    private readonly templates: TemplateEngine,
    private readonly ports: ActionPorts,
    private readonly logger: Logger,
    private readonly config: (key: string) => string | undefined,
  ) {}

  async run(list: ActionListName, actions: unknown[], scope: ActionScope): Promise<void> {
    const { job, realmRecord, result, connections, objects, runDir } = scope;
    const renderer = this.templates.bind({
      job,
      realm: realmRecord,
      globals: job.globals,
      state: job.state,
      start: job.ts_start,
      result,
    });
    await this.actions.runList(list, actions, {
      job,
      realmRecord,
      result,
      logger: this.logger.child({ job_id: job.job_id, run_id: job.run_id }),
      config: this.config,
      render: (template, field) => renderer.render(template, field),
      renderJson: (value, field) => renderer.renderJson(value, field),
      ports: this.ports,
      connections,
      objects,
      runDir,
    });
  }
}
