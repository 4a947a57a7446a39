import { ACTION_LIST_KEYS } from './action';
import { isPlainObject } from './json';

/** A place where a job names a connection. */
export interface ConnectionRef {
  conn_id: string;
  /** JSON pointer inside the job spec (or `realm:` + pointer for realm defaults). */
  path: string;
  /** True when the value holds Jinja syntax, so the real id is known only after rendering. */
  templated: boolean;
}

/** Parameter keys whose string value is a conn_id. */
const CONN_PARAM_KEYS = ['conn_id', 'db_conn_id', 's3_conn_id'];
/** Action keys whose value is a conn_id. */
const CONN_ACTION_KEYS = ['email_conn', 'slack_conn'];

interface JobLike {
  type?: unknown;
  parameters?: unknown;
  on_success?: unknown;
  on_fail?: unknown;
  on_retry?: unknown;
}

/**
 * Every place a job (after merging dispatch parameters) names a connection: `parameters.conn_id`,
 * `db_conn_id`, `s3_conn_id`, the `parameters.connections` label map (exe/pkg/docker),
 * `parameters.docker` (or the realm's `docker` for docker jobs), a foreach `query` generator's
 * `conn_id`, and `email_conn`/`slack_conn` in the job's actions (or the realm's defaults when
 * the job has no such list).
 */
export function jobConnectionRefs(job: JobLike, realm?: Record<string, unknown>): ConnectionRef[] {
  const refs: ConnectionRef[] = [];
  const add = (value: unknown, path: string): void => {
    if (typeof value === 'string' && value.trim())
      refs.push({ conn_id: value, path, templated: /\{\{|\{%/.test(value) });
  };
  const params = isPlainObject(job.parameters) ? job.parameters : {};
  for (const key of CONN_PARAM_KEYS) add(params[key], `/parameters/${key}`);
  if (isPlainObject(params.connections)) {
    for (const [label, id] of Object.entries(params.connections)) add(id, `/parameters/connections/${label}`);
  }
  if (job.type === 'docker') {
    if (params.docker !== undefined) add(params.docker, '/parameters/docker');
    else add(realm?.docker, 'realm:/docker');
  }
  if (isPlainObject(params.foreach) && params.foreach.type === 'query')
    add(params.foreach.conn_id, '/parameters/foreach/conn_id');
  for (const list of ACTION_LIST_KEYS) {
    const own = (job as Record<string, unknown>)[list];
    const [actions, base] = own !== undefined ? [own, `/${list}`] : [realm?.[list], `realm:/${list}`];
    if (!Array.isArray(actions)) continue;
    actions.forEach((a, i) => {
      if (isPlainObject(a)) for (const key of CONN_ACTION_KEYS) add(a[key], `${base}/${i}/${key}`);
    });
  }
  return refs;
}

/**
 * The literal conn_ids a job names anywhere (sorted, unique). Templated references are left
 * out: a run grant can only name ids known before the run. Call it on the merged spec.
 *
 * @example jobConnectionIds({ type: 'sql', parameters: { conn_id: 'dw' } }) → ['dw']
 */
export function jobConnectionIds(job: JobLike, realm?: Record<string, unknown>): string[] {
  const ids = jobConnectionRefs(job, realm)
    .filter((r) => !r.templated)
    .map((r) => r.conn_id);
  return [...new Set(ids)].sort();
}

/**
 * Whether `job` (its stored record) names `connId`: literally, or through a templated reference
 * whose literal parts match (each `{{ … }}` / `{% … %}` stands for one or more characters).
 * The job record is the authority here: what a run renders cannot widen what its record allows.
 * `templatedOnly` ignores literal references (a run grant already lists those of its own job).
 *
 * @example jobNamesConnection({ parameters: { conn_id: '{{ globals.env }}-dw' } }, 'prod-dw') → true
 */
export function jobNamesConnection(
  job: JobLike,
  connId: string,
  options: { templatedOnly?: boolean; realm?: Record<string, unknown> } = {},
): boolean {
  return jobConnectionRefs(job, options.realm).some((ref) =>
    ref.templated
      ? templatePattern(ref.conn_id).test(connId)
      : !options.templatedOnly && ref.conn_id === connId,
  );
}

/** A template as a pattern: literal text fixed, every Jinja expression or tag matching `.+`. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 's');
}
