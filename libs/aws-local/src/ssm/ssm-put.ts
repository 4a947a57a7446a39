import { AwsError } from '../contracts';
import type { Parameter, ParameterVersion } from './ssm-model';
import { ssmErrors, validateName } from './ssm-names';

type Input = Record<string, unknown>;
const TYPES = new Set(['String', 'StringList', 'SecureString']);
const MAX_VERSIONS = 100;

/**
 * Validates a PutParameter request in AWS's order and returns the parameter with the new
 * version appended; omitted Type/Description/KeyId/AllowedPattern keep the previous values.
 */
export function putVersion(
  input: Input,
  existing: Parameter | undefined,
  now: number,
  /** Encrypts a SecureString value under its KeyId (throws before anything is stored). */
  seal?: (name: string, keyId: string, value: string) => string,
): { name: string; parameter: Parameter; version: ParameterVersion } {
  const name = validateName(input.Name);
  const value = input.Value;
  if (typeof value !== 'string' || value.length === 0)
    throw ssmErrors.validation(
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  const previous = existing?.versions[existing.versions.length - 1];
  if (existing && input.Overwrite !== true) {
    throw new AwsError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  if (existing && input.Tags !== undefined)
    throw ssmErrors.validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  const type = (input.Type as string | undefined) ?? previous?.type;
  if (!type) throw ssmErrors.validation('A parameter type is required when you create a parameter.');
  if (!TYPES.has(type))
    throw ssmErrors.validation(
      `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
    );
  const tier = (input.Tier as string | undefined) === 'Advanced' ? 'Advanced' : 'Standard';
  if (value.length > (tier === 'Advanced' ? 8192 : 4096))
    throw ssmErrors.validation(
      `Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`,
    );
  const allowedPattern = (input.AllowedPattern as string | undefined) ?? previous?.allowedPattern;
  if (allowedPattern && !new RegExp(`^(?:${allowedPattern})$`).test(value)) {
    throw new AwsError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`,
    );
  }
  const dataType = (input.DataType as string | undefined) ?? previous?.dataType ?? 'text';
  if (!['text', 'aws:ec2:image', 'aws:ssm:integration'].includes(dataType))
    throw ssmErrors.validation(
      `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
    );
  const parameter = existing ?? {
    name,
    versions: [],
    tags: Object.fromEntries(
      ((input.Tags as { Key: string; Value: string }[]) ?? []).map((t) => [t.Key, t.Value]),
    ),
  };
  const keyId =
    type === 'SecureString'
      ? ((input.KeyId as string | undefined) ?? previous?.keyId ?? 'alias/aws/ssm')
      : undefined;
  const sealed = keyId !== undefined && seal !== undefined;
  const version: ParameterVersion = {
    version: (previous?.version ?? 0) + 1,
    value: sealed ? seal(name, keyId, value) : value,
    type,
    description: (input.Description as string | undefined) ?? previous?.description,
    keyId,
    ...(sealed ? { sealed } : {}),
    allowedPattern,
    dataType,
    tier,
    labels: [],
    modifiedAt: now,
  };
  parameter.versions.push(version);
  if (parameter.versions.length > MAX_VERSIONS) parameter.versions.shift();
  return { name, parameter, version };
}
