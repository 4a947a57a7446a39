import type { Secret, SecretVersion } from './secrets-model';
import { secretsErrors } from './secrets-errors';

/** The version named by VersionId and/or VersionStage (default AWSCURRENT), with AWS's errors. */
export function selectVersion(secret: Secret, input: Record<string, unknown>): SecretVersion {
  const id = input.VersionId as string | undefined;
  const stage = input.VersionStage as string | undefined;
  if (id !== undefined) {
    const version = secret.versions.find((v) => v.id === id);
    if (!version)
      throw secretsErrors.notFound(
        `Secrets Manager can't find the specified secret value for VersionId: ${id}`,
      );
    if (stage !== undefined && !version.stages.includes(stage))
      throw secretsErrors.invalidRequest(
        'You provided a VersionStage that is not associated to the provided VersionId.',
      );
    return version;
  }
  const wanted = stage ?? 'AWSCURRENT';
  const version = secret.versions.find((v) => v.stages.includes(wanted));
  if (!version)
    throw secretsErrors.notFound(
      `Secrets Manager can't find the specified secret value for staging label: ${wanted}`,
    );
  return version;
}

/** Adds a version; by default it becomes AWSCURRENT and the old current becomes AWSPREVIOUS. */
export function addVersion(
  now: number,
  secret: Secret,
  token: string,
  value: Pick<SecretVersion, 'string' | 'binary'>,
  stages?: string[],
): SecretVersion {
  const existing = secret.versions.find((v) => v.id === token);
  if (existing) {
    if (existing.string === value.string && existing.binary === value.binary) return existing;
    throw secretsErrors.exists(
      `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${secret.arn}.`,
    );
  }
  const labels = stages ?? ['AWSCURRENT'];
  if (labels.includes('AWSCURRENT')) {
    for (const v of secret.versions) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
    for (const v of secret.versions)
      if (v.stages.includes('AWSCURRENT'))
        v.stages = [...v.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
  }
  for (const v of secret.versions)
    v.stages = v.stages.filter((s) => s === 'AWSPREVIOUS' || !labels.includes(s));
  const version: SecretVersion = { id: token, ...value, stages: [...labels], createdAt: now };
  secret.versions.push(version);
  // Versions without labels are deprecated; keep at most 100.
  while (secret.versions.length > 100) {
    const index = secret.versions.findIndex((v) => v.stages.length === 0);
    if (index < 0) break;
    secret.versions.splice(index, 1);
  }
  secret.changedAt = now;
  return version;
}
