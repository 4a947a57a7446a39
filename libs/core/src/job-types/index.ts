import { isPlainObject } from '../models/json';
import { compileSchema } from '../validation/ajv';
import { IssueCollector, joinPointer, pointer } from '../validation/issues';
import type { ValidationIssue } from '../errors';
import { CHAIN_JOB_TYPE } from './chain.job-type';
import { CMD_JOB_TYPE } from './cmd.job-type';
import { DAG_JOB_TYPE } from './dag.job-type';
import { DB_FROM_S3_JOB_TYPE } from './db-from-s3.job-type';
import { DISPATCH_JOB_TYPE } from './dispatch.job-type';
import { DOCKER_JOB_TYPE } from './docker.job-type';
import { ECS_JOB_TYPE } from './ecs.job-type';
import { EXE_JOB_TYPE } from './exe.job-type';
import { FOREACH_JOB_TYPE } from './foreach.job-type';
import type { JobTypeSpec } from './job-type-spec';
import { LOG_JOB_TYPE } from './log.job-type';
import { PKG_JOB_TYPE } from './pkg.job-type';
import { REDSHIFT_UNLOAD_JOB_TYPE } from './redshift-unload.job-type';
import { SHAREPOINT_GET_DOC_JOB_TYPE } from './sharepoint-get-doc.job-type';
import { SHAREPOINT_GET_LIST_JOB_TYPE } from './sharepoint-get-list.job-type';
import { SHAREPOINT_GET_MULTI_DOC_JOB_TYPE } from './sharepoint-get-multi-doc.job-type';
import { SHAREPOINT_PUT_DOC_JOB_TYPE } from './sharepoint-put-doc.job-type';
import { SHAREPOINT_PUT_LIST_JOB_TYPE } from './sharepoint-put-list.job-type';
import { SMB_GET_JOB_TYPE } from './smb-get.job-type';
import { SMB_PUT_JOB_TYPE } from './smb-put.job-type';
import { SQL_JOB_TYPE } from './sql.job-type';
import { SQLC_JOB_TYPE } from './sqlc.job-type';
import { SQLI_JOB_TYPE } from './sqli.job-type';
import { SQLV_JOB_TYPE } from './sqlv.job-type';

export type { JobTypeSpec, ParamSchema } from './job-type-spec';
export { DOCKER_HOST_CONFIG_KEYS, DOCKER_PULL_POLICIES } from './docker.job-type';

/** Every job type a worker runs, by name (one file each in this directory). */
export const JOB_TYPES: readonly JobTypeSpec[] = [
  CHAIN_JOB_TYPE,
  CMD_JOB_TYPE,
  DAG_JOB_TYPE,
  DB_FROM_S3_JOB_TYPE,
  DISPATCH_JOB_TYPE,
  DOCKER_JOB_TYPE,
  ECS_JOB_TYPE,
  EXE_JOB_TYPE,
  FOREACH_JOB_TYPE,
  LOG_JOB_TYPE,
  PKG_JOB_TYPE,
  REDSHIFT_UNLOAD_JOB_TYPE,
  SHAREPOINT_GET_DOC_JOB_TYPE,
  SHAREPOINT_GET_LIST_JOB_TYPE,
  SHAREPOINT_GET_MULTI_DOC_JOB_TYPE,
  SHAREPOINT_PUT_DOC_JOB_TYPE,
  SHAREPOINT_PUT_LIST_JOB_TYPE,
  SMB_GET_JOB_TYPE,
  SMB_PUT_JOB_TYPE,
  SQL_JOB_TYPE,
  SQLC_JOB_TYPE,
  SQLI_JOB_TYPE,
  SQLV_JOB_TYPE,
];

/** The spec of a job type, or undefined. */
export function jobTypeSpec(type: string): JobTypeSpec | undefined {
  return JOB_TYPES.find((t) => t.type === type);
}

/** The parameter names a job type accepts (empty for an unknown type). */
export function jobTypeParameterNames(type: string): string[] {
  return Object.keys(jobTypeSpec(type)?.parameters ?? {});
}

/** The JSON schema of a type's `parameters` map. */
export function parametersSchema(spec: JobTypeSpec): object {
  if (spec.anyParameters) return { type: 'object' };
  return {
    type: 'object',
    properties: spec.parameters,
    required: [...spec.required],
    patternProperties: { '^[xX]-': {} },
    additionalProperties: false,
  };
}

const schemas = new Map<string, object>();

/**
 * Checks what the job's type needs, before any run: a known type, its parameters (names, types,
 * required ones) and its payload.
 * Returns issues for a record already checked by `validateJob`.
 *
 * @example checkJobType({ job_id: 'a', type: 'sql', parameters: { conn_id: 3 } }).errors[0].path === '/parameters/conn_id'
 */
export function checkJobType(job: Record<string, unknown>): {
  record: string;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
} {
  const issues = new IssueCollector(`job ${typeof job.job_id === 'string' ? job.job_id : '(no job_id)'}`);
  // The job_id's path safety is the schema's (`pathSafetyProblem`), checked by validateJob.
  if (!('enabled' in job)) {
    issues.warn(
      pointer('enabled'),
      'recommended',
      'enabled is missing: the job is DISABLED (the default is false); add enabled: true to run it',
    );
  }
  const type = job.type;
  if (typeof type !== 'string') return issues;
  const spec = jobTypeSpec(type);
  if (!spec) {
    issues.error(
      pointer('type'),
      'job-type',
      `Unknown job type "${type}"; known types: ${JOB_TYPES.map((t) => t.type).join(', ')}`,
    );
    return issues;
  }
  const parameters = job.parameters ?? {};
  if (spec.checkedByValidateJob) return issues;
  if (isPlainObject(parameters)) {
    const key = `${spec.type}/parameters`;
    if (!schemas.has(key)) schemas.set(key, parametersSchema(spec));
    const validate = compileSchema(schemas.get(key)!);
    if (!validate(parameters)) issues.addAjvErrors(validate.errors, pointer('parameters'));
  }
  if ('payload' in job && job.payload !== null && spec.payload.type !== undefined) {
    const validate = compileSchema(spec.payload);
    if (!validate(job.payload)) issues.addAjvErrors(validate.errors, pointer('payload'));
  }
  return issues;
}

/** Every connection a job refers to through its type's connection parameters, with where. */
export function referencedConnections(
  job: Record<string, unknown>,
): Array<{ path: string; conn_id: string }> {
  const spec = typeof job.type === 'string' ? jobTypeSpec(job.type) : undefined;
  const parameters = isPlainObject(job.parameters) ? job.parameters : {};
  const out: Array<{ path: string; conn_id: string }> = [];
  for (const name of spec?.connectionParameters ?? []) {
    const value = parameters[name];
    if (typeof value === 'string' && value) out.push({ path: pointer('parameters', name), conn_id: value });
    else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value))
        if (typeof v === 'string')
          out.push({ path: joinPointer(pointer('parameters', name), k), conn_id: v });
    }
  }
  return out;
}
