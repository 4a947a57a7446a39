import { AwsError } from '../contracts';

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;

export const ssmErrors = {
  validation: (message: string) => new AwsError('ValidationException', message),
  notFound: (name: string) => new AwsError('ParameterNotFound', `Parameter ${name} not found.`),
  versionNotFound: (name: string, selector: string) =>
    new AwsError(
      'ParameterVersionNotFound',
      `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
    ),
};

/** Name part of a parameter reference (strips an ARN prefix). */
export function stripArn(reference: string): string {
  const match = /^arn:aws[a-z-]*:ssm:[^:]*:\d*:parameter(\/.*)$/.exec(reference);
  if (!match) return reference;
  const rest = match[1] ?? '';
  // `…:parameter/plain` names the top-level parameter `plain`, `…:parameter/app/x` names `/app/x`.
  return rest.indexOf('/', 1) < 0 ? rest.slice(1) : rest;
}

/** Storage key: `/name` and `name` are the same single-level parameter. */
export function parameterKey(name: string): string {
  return name.startsWith('/') && name.indexOf('/', 1) < 0 ? name.slice(1) : name;
}

/** Validates a name for PutParameter. */
export function validateName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0)
    throw ssmErrors.validation('Parameter name must not be empty.');
  if (name.length > 1011 || !NAME_CHARS.test(name)) {
    throw ssmErrors.validation(
      'Parameter name: can only contain alphanumeric characters, hyphens, underscores, periods and forward slashes.',
    );
  }
  const lower = name.replace(/^\//, '').toLowerCase();
  if (lower.startsWith('aws') || lower.startsWith('ssm')) {
    if (name.toLowerCase().startsWith('/aws/'))
      throw new AwsError('AccessDeniedException', `No access to reserved parameter name: ${name}.`);
    throw ssmErrors.validation('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  }
  if (name.includes('/') && !name.startsWith('/'))
    throw ssmErrors.validation('Parameter name must be a fully qualified name.');
  if (name.includes('//'))
    throw ssmErrors.validation('Parameter name must not contain consecutive forward slashes.');
  if (name.split('/').filter(Boolean).length > 15) {
    throw new AwsError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels.',
    );
  }
  return name;
}

/** ARN of a parameter (`/app/db/url` → `…:parameter/app/db/url`, `plain` → `…:parameter/plain`). */
export function parameterArn(region: string, account: string, name: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`;
}
