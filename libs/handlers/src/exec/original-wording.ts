import { JobFailedError } from '@lava/core';

/**
 * Runs `render` and gives a template failure the original's message prefix (`Bad payload: …`,
 * `Bad payload or args: …`): users match these texts in alerts and `on_fail` actions. The
 * precise render error follows the prefix. Other errors pass through untouched.
 */
export async function originalWording<T>(prefix: string, render: () => Promise<T>): Promise<T> {
  try {
    return await render();
  } catch (err) {
    if (!isTemplateError(err)) throw err;
    throw new JobFailedError('BAD_PAYLOAD', `${prefix}: ${err.message}`, null, { cause: err });
  }
}

/** Template errors carry a stable `TEMPLATE_*` code (see @lava/templating). */
function isTemplateError(err: unknown): err is Error {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('TEMPLATE_');
}
