/**
 * Entry of a worker render thread (started by `RenderThreadPool`): holds a renderer and the
 * bound scopes it was sent, renders one request at a time and answers with the value or the
 * error as data. Loaded as a file by `new Worker`, never imported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { buildUtils, createRenderer } from '@lava/templating';
import { JinjaScope } from './jinja-scope';
import {
  errorData,
  type FromRenderThread,
  type RenderRequest,
  type RenderThreadData,
  type ToRenderThread,
} from './render-messages';

const data = workerData as RenderThreadData;
const options = {
  renderer: createRenderer({ limits: data.limits, budgetHints: data.hints }),
  tz: data.tz,
  utils: buildUtils(),
};
const scopes = new Map<number, JinjaScope>();

function render(request: RenderRequest): unknown {
  let scope = scopes.get(request.scope);
  if (!scope) {
    scope = new JinjaScope(request.context ?? {}, options);
    scopes.set(request.scope, scope);
  }
  const { template, field, extra, budget } = request;
  return request.kind === 'text'
    ? scope.render(template as string, field, extra, budget)
    : scope.renderJson(template, field, extra, budget);
}

function answer(request: RenderRequest): FromRenderThread {
  const started = performance.now();
  try {
    const value = render(request);
    return { type: 'done', id: request.id, elapsedMs: performance.now() - started, value };
  } catch (err) {
    return { type: 'failed', id: request.id, elapsedMs: performance.now() - started, error: errorData(err) };
  }
}

parentPort?.on('message', (message: ToRenderThread) => {
  if (message.type === 'drop') scopes.delete(message.scope);
  else parentPort?.postMessage(answer(message));
});
parentPort?.postMessage({ type: 'ready' } satisfies FromRenderThread);
