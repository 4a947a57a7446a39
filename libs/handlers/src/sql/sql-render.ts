import { JobFailedError, type HandlerContext } from '@lava/core';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Render one SQL text; a template error fails the job naming where it happened. */
export async function renderOrFail(
  ctx: HandlerContext,
  template: string,
  where: string,
  vars: Record<string, unknown>,
): Promise<string> {
  try {
    return await ctx.renderer.render(template, where, { vars });
  } catch (err) {
    const message = `Template render failed on ${where}: ${err instanceof Error ? err.message : String(err)}`;
    throw new JobFailedError('TEMPLATE_FAILED', message, { exit_status: 1, error: message });
  }
}

const INCLUDE = /\{%-?\s*include\s+(['"])([^'"]+)\1\s*-?%\}/g;
const MAX_DEPTH = 10;

/**
 * Whole-file rendering for sqlc/sqlv: `{% include 'x.sql' %}` of a sibling
 * payload file works as with the original's file-system loader. Includes are inlined before
 * rendering (same context), limited to plain file names in the same directory.
 */
export function renderSqlFile(
  ctx: HandlerContext,
  file: string,
  vars: Record<string, unknown>,
): Promise<string> {
  const name = basename(file);
  const text = inlineIncludes(readFileSync(file, 'utf8'), join(file, '..'), name, 0);
  return renderOrFail(ctx, text, name, vars);
}

function inlineIncludes(text: string, dir: string, from: string, depth: number): string {
  return text.replace(INCLUDE, (_m, _q, target: string) => {
    const fail = (why: string): never => {
      const message = `Template render failed on ${from}: ${why}`;
      throw new JobFailedError('TEMPLATE_FAILED', message, { exit_status: 1, error: message });
    };
    if (depth >= MAX_DEPTH) fail(`includes nested more than ${MAX_DEPTH} deep`);
    if (target !== basename(target) || target.startsWith('.'))
      fail(`include ${target}: only sibling payload files can be included`);
    const path = join(dir, target);
    if (!existsSync(path)) fail(`include ${target}: no such payload file`);
    return inlineIncludes(readFileSync(path, 'utf8'), dir, target, depth + 1);
  });
}
