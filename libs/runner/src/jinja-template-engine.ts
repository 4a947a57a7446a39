import { type TemplateEngine } from '@lava/core';
import { buildJobContext, buildUtils, createRenderer, type Renderer } from '@lava/templating';

type Dict = Record<string, unknown>;

/**
 * The runner's TemplateEngine over @lava/templating: turns the runner's plain context
 * (`job`, `realm`, `globals`, `state`, `start`, `result`, `vars`, extras) into the
 * Python-compatible Jinja context and renders with Lava's semantics.
 */
export class JinjaTemplateEngine implements TemplateEngine {
  private readonly renderer: Renderer;
  private readonly utils = buildUtils();

  constructor(private readonly tz = 'UTC') {
    this.renderer = createRenderer();
  }

  render(template: string, context: Dict, field: string): string {
    return this.renderer.render(template, this.jinjaContext(context), { field });
  }

  renderJson<T>(value: T, context: Dict, field: string): T {
    return this.renderer.renderJsonRoundTrip<T>(value, this.jinjaContext(context), { field });
  }

  private jinjaContext(context: Dict) {
    const { job, realm, globals, state, start, result, vars, ustart: _ustart, ...extras } = context;
    return buildJobContext({
      job: job as Dict,
      realm: (realm ?? {}) as Dict,
      globals: globals as Dict | undefined,
      state: state as Dict | undefined,
      start: start instanceof Date ? start : new Date(),
      tz: this.tz,
      ...(result !== undefined ? { result } : {}),
      ...(vars !== undefined ? { vars } : {}),
      extras: extras as Dict,
      utils: this.utils,
    });
  }
}
