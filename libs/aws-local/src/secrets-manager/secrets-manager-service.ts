import { randomBytes, randomUUID } from 'node:crypto';
import type { JsonService, Persistable, RequestContext } from '../contracts';
import { AwsError, callOperation } from '../contracts';
import { secretsErrors } from './secrets-errors';
import { listSecrets } from './secrets-list';
import type { Secret, SecretVersion } from './secrets-model';
import { addVersion, selectVersion } from './secret-versions';

type Input = Record<string, unknown>;
const NAME = /^[A-Za-z0-9/_+=.@!-]{1,512}$/;
const SUFFIX_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DAY_MS = 86_400_000;

function randomSuffix(): string {
  return [...randomBytes(6)].map((b) => SUFFIX_CHARS[b % SUFFIX_CHARS.length]).join('');
}

function secs(ms: number): number {
  return ms / 1000;
}

/** Secrets Manager: versions with staging labels, scheduled deletion, string and binary values. */
export class SecretsManagerService implements JsonService, Persistable {
  private readonly scopes = new Map<string, Secret[]>();
  private readonly operations: Record<
    string,
    (input: Input, secrets: Secret[], ctx: RequestContext) => Input
  >;

  constructor(private readonly now: () => number = Date.now) {
    this.operations = {
      CreateSecret: (i, s, c) => this.create(i, s, c),
      GetSecretValue: (i, s) => this.getValue(i, s),
      BatchGetSecretValue: (i, s) => this.batchGet(i, s),
      PutSecretValue: (i, s) => this.putValue(i, s),
      UpdateSecret: (i, s) => this.update(i, s),
      DescribeSecret: (i, s) => this.describe(this.find(i.SecretId, s)),
      ListSecrets: (i, s) => listSecrets(i, s, (secret) => this.describe(secret)),
      DeleteSecret: (i, s) => this.delete(i, s),
      RestoreSecret: (i, s) => this.restoreSecret(i, s),
      TagResource: (i, s) => this.tag(i, s),
      UntagResource: (i, s) => this.untag(i, s),
      ListSecretVersionIds: (i, s) => this.versionIds(i, s),
      GetRandomPassword: (i) => ({ RandomPassword: this.password(i) }),
    };
  }

  handle(operation: string, input: Input, ctx: RequestContext): Promise<Input> {
    return callOperation('Secrets Manager', this.operations, operation, (op) =>
      op(input, this.scope(ctx), ctx),
    );
  }

  private scope(ctx: RequestContext): Secret[] {
    const key = `${ctx.account}/${ctx.region}`;
    let scope = this.scopes.get(key);
    if (!scope) this.scopes.set(key, (scope = []));
    return scope;
  }

  /** Exact name, full ARN, or partial ARN (ARN without the random suffix). */
  private find(id: unknown, secrets: Secret[], allowDeleted = true): Secret {
    if (typeof id !== 'string' || id.length === 0)
      throw secretsErrors.invalidParameter('SecretId is required.');
    const secret = secrets.find((s) => s.name === id || s.arn === id || s.arn.slice(0, -7) === id);
    if (!secret) throw secretsErrors.notFound();
    if (!allowDeleted && secret.deletedAt !== undefined) throw secretsErrors.markedForDeletion();
    return secret;
  }

  private value(input: Input): Pick<SecretVersion, 'string' | 'binary'> | undefined {
    const hasString = typeof input.SecretString === 'string';
    const hasBinary = typeof input.SecretBinary === 'string';
    if (hasString && hasBinary)
      throw secretsErrors.invalidParameter(
        "You can't specify both a binary secret value and a string secret value in the same secret.",
      );
    if (hasString) return { string: input.SecretString as string };
    if (hasBinary) return { binary: input.SecretBinary as string };
    return undefined;
  }

  private create(input: Input, secrets: Secret[], ctx: RequestContext): Input {
    const name = input.Name;
    if (typeof name !== 'string' || !NAME.test(name))
      throw secretsErrors.validation(
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      );
    const value = this.value(input);
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    const existing = secrets.find((s) => s.name === name);
    if (existing) return this.recreate(existing, token, value);
    const now = this.now();
    const secret: Secret = {
      name,
      arn: `arn:aws:secretsmanager:${ctx.region}:${ctx.account}:secret:${name}-${randomSuffix()}`,
      description: input.Description as string | undefined,
      kmsKeyId: input.KmsKeyId as string | undefined,
      tags: (input.Tags as Secret['tags'] | undefined) ?? [],
      versions: value ? [{ id: token, ...value, stages: ['AWSCURRENT'], createdAt: now }] : [],
      createdAt: now,
      changedAt: now,
    };
    secrets.push(secret);
    return { ARN: secret.arn, Name: name, ...(value ? { VersionId: token } : {}) };
  }

  /** Same name again: idempotent with the same token and value, otherwise an error. */
  private recreate(
    existing: Secret,
    token: string,
    value: Pick<SecretVersion, 'string' | 'binary'> | undefined,
  ): Input {
    if (existing.deletedAt !== undefined) {
      throw secretsErrors.invalidRequest(
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      );
    }
    const version = existing.versions.find((v) => v.id === token);
    if (version && version.string === value?.string && version.binary === value?.binary) {
      return { ARN: existing.arn, Name: existing.name, VersionId: token };
    }
    throw secretsErrors.exists(`The operation failed because the secret ${existing.name} already exists.`);
  }

  private getValue(input: Input, secrets: Secret[]): Input {
    const secret = this.find(input.SecretId, secrets, false);
    const version = selectVersion(secret, input);
    const now = this.now();
    secret.accessedAt = now - (now % DAY_MS);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.id,
      ...(version.string !== undefined ? { SecretString: version.string } : { SecretBinary: version.binary }),
      VersionStages: [...version.stages],
      CreatedDate: secs(version.createdAt),
    };
  }

  private batchGet(input: Input, secrets: Secret[]): Input {
    const ids = (input.SecretIdList as string[] | undefined) ?? [];
    const SecretValues: Input[] = [];
    const Errors: Input[] = [];
    for (const id of ids) {
      try {
        SecretValues.push(this.getValue({ SecretId: id }, secrets));
      } catch (error) {
        Errors.push({ SecretId: id, ErrorCode: (error as AwsError).code, Message: (error as Error).message });
      }
    }
    return { SecretValues, Errors };
  }

  private putValue(input: Input, secrets: Secret[]): Input {
    const secret = this.find(input.SecretId, secrets, false);
    const value = this.value(input);
    if (!value) throw secretsErrors.invalidRequest('You must provide either SecretString or SecretBinary.');
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    const version = addVersion(this.now(), secret, token, value, input.VersionStages as string[] | undefined);
    return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: [...version.stages] };
  }

  private update(input: Input, secrets: Secret[]): Input {
    const secret = this.find(input.SecretId, secrets, false);
    if (input.Description !== undefined) secret.description = input.Description as string;
    if (input.KmsKeyId !== undefined) secret.kmsKeyId = input.KmsKeyId as string;
    secret.changedAt = this.now();
    const value = this.value(input);
    if (!value) return { ARN: secret.arn, Name: secret.name };
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    return { ARN: secret.arn, Name: secret.name, VersionId: addVersion(this.now(), secret, token, value).id };
  }

  private describe(secret: Secret): Input {
    const out: Input = {
      ARN: secret.arn,
      Name: secret.name,
      LastChangedDate: secs(secret.changedAt),
      CreatedDate: secs(secret.createdAt),
      VersionIdsToStages: Object.fromEntries(
        secret.versions.filter((v) => v.stages.length > 0).map((v) => [v.id, [...v.stages]]),
      ),
    };
    if (secret.description !== undefined) out.Description = secret.description;
    if (secret.kmsKeyId !== undefined) out.KmsKeyId = secret.kmsKeyId;
    if (secret.accessedAt !== undefined) out.LastAccessedDate = secs(secret.accessedAt);
    if (secret.deletedAt !== undefined) out.DeletedDate = secs(secret.deletedAt);
    if (secret.tags.length > 0) out.Tags = secret.tags;
    return out;
  }

  private delete(input: Input, secrets: Secret[]): Input {
    const force = input.ForceDeleteWithoutRecovery === true;
    const window = input.RecoveryWindowInDays as number | undefined;
    if (force && window !== undefined) {
      throw secretsErrors.invalidParameter(
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      );
    }
    if (window !== undefined && (window < 7 || window > 30)) {
      throw secretsErrors.invalidParameter(
        'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
      );
    }
    const id = input.SecretId;
    const secret = secrets.find((s) => s.name === id || s.arn === id || s.arn.slice(0, -7) === id);
    const now = this.now();
    if (!secret) {
      if (force && typeof id === 'string') return { ARN: id, Name: id, DeletionDate: secs(now) };
      throw secretsErrors.notFound();
    }
    if (force) {
      secrets.splice(secrets.indexOf(secret), 1);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: secs(now) };
    }
    if (secret.deletedAt !== undefined) throw secretsErrors.markedForDeletion();
    secret.deletedAt = now;
    return { ARN: secret.arn, Name: secret.name, DeletionDate: secs(now + (window ?? 30) * DAY_MS) };
  }

  private restoreSecret(input: Input, secrets: Secret[]): Input {
    const secret = this.find(input.SecretId, secrets);
    secret.deletedAt = undefined;
    return { ARN: secret.arn, Name: secret.name };
  }

  private tag(input: Input, secrets: Secret[]): Input {
    const secret = this.find(input.SecretId, secrets, false);
    for (const tag of (input.Tags as Secret['tags'] | undefined) ?? []) {
      secret.tags = [...secret.tags.filter((t) => t.Key !== tag.Key), tag];
    }
    return {};
  }

  private untag(input: Input, secrets: Secret[]): Input {
    const secret = this.find(input.SecretId, secrets, false);
    const keys = (input.TagKeys as string[] | undefined) ?? [];
    secret.tags = secret.tags.filter((t) => !keys.includes(t.Key));
    return {};
  }

  private versionIds(input: Input, secrets: Secret[]): Input {
    const secret = this.find(input.SecretId, secrets);
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: secret.versions.map((v) => ({
        VersionId: v.id,
        VersionStages: [...v.stages],
        CreatedDate: secs(v.createdAt),
      })),
    };
  }

  private password(input: Input): string {
    const length = Number(input.PasswordLength ?? 32);
    const alphabet = SUFFIX_CHARS + (input.ExcludePunctuation === true ? '' : '!#$%&()*+,-.:;<=>?@[]^_{|}~');
    return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
  }

  snapshot(): unknown {
    return [...this.scopes.entries()];
  }

  restore(data: unknown): void {
    for (const [scope, secrets] of (data as [string, Secret[]][] | undefined) ?? [])
      this.scopes.set(scope, secrets);
  }
}
