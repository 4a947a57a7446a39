import nunjucks from 'nunjucks';
import { createJinjaEnvironment, type TemplateSyntax } from './environment';
import { toRenderError } from './render-error';

const MARKERS = { jinja: /\{[{%#]/, framework: /<[{%#]/ };
const environments = new Map<TemplateSyntax, nunjucks.Environment>();

/**
 * Compiles a template without rendering it and returns why it does not compile (with line and
 * column when known), or undefined when it does. Text without template markers always passes.
 *
 * @example templateSyntaxError('{{ vars.day ') // 'expected variable end (line 1, column 12)'
 */
export function templateSyntaxError(source: string, syntax: TemplateSyntax = 'jinja'): string | undefined {
  if (!MARKERS[syntax].test(source)) return undefined;
  let env = environments.get(syntax);
  if (!env) environments.set(syntax, (env = createJinjaEnvironment(syntax)));
  try {
    new nunjucks.Template(source, env, undefined, true);
    return undefined;
  } catch (err) {
    const e = toRenderError(err, 'template', source);
    const where =
      e.line !== undefined ? ` (line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''})` : '';
    return `${e.reason}${where}`;
  }
}
