import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestContext } from '../contracts';
import { kmsErrors } from './kms-errors';
import type { KmsAlias, KmsKey, KmsScope } from './kms-model';

type Where = Pick<RequestContext, 'account' | 'region'>;

const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[^:]*:\d*:key\/(.+)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[^:]*:\d*:(alias\/.+)$/;

/**
 * Keys and aliases per (account, region), and KeyId resolution as KMS does it: a key id, a key
 * ARN, an alias name or an alias ARN. `alias/aws/<service>` names an AWS managed key that
 * exists from its first use (SSM's default `alias/aws/ssm`).
 */
export class KmsKeyStore {
  readonly scopes = new Map<string, KmsScope>();

  constructor(private readonly now: () => number = Date.now) {}

  scope(where: Where): KmsScope {
    const name = `${where.account}/${where.region}`;
    let scope = this.scopes.get(name);
    if (!scope) this.scopes.set(name, (scope = { keys: new Map(), aliases: new Map() }));
    return scope;
  }

  createKey(where: Where, description: string, manager: KmsKey['manager'] = 'CUSTOMER'): KmsKey {
    const keyId = randomUUID();
    const key: KmsKey = {
      keyId,
      arn: `arn:aws:kms:${where.region}:${where.account}:key/${keyId}`,
      description,
      createdAt: this.now(),
      enabled: true,
      manager,
      material: randomBytes(32).toString('base64'),
    };
    this.scope(where).keys.set(keyId, key);
    return key;
  }

  createAlias(where: Where, name: string, targetKeyId: string): KmsAlias {
    if (!ALIAS_NAME.test(name))
      throw kmsErrors.validation(`Alias must start with the prefix "alias/" and use [a-zA-Z0-9/_-]: ${name}`);
    if (name.startsWith('alias/aws/'))
      throw kmsErrors.notAuthorized('Cannot create alias with prefix "alias/aws/" (reserved for AWS).');
    const scope = this.scope(where);
    const arn = aliasArn(where, name);
    if (scope.aliases.has(name))
      throw kmsErrors.alreadyExists(`An alias with the name ${arn} already exists`);
    const target = this.keyById(where, targetKeyId);
    const alias = { name, arn, targetKeyId: target.keyId, createdAt: this.now() };
    scope.aliases.set(name, alias);
    return alias;
  }

  /** Resolves any KeyId form; NotFoundException when nothing matches. */
  resolve(where: Where, reference: unknown): KmsKey {
    if (typeof reference !== 'string' || reference.length === 0)
      throw kmsErrors.validation('KeyId is required.');
    const alias = reference.startsWith('alias/') ? reference : ALIAS_ARN.exec(reference)?.[1];
    if (alias === undefined) return this.keyById(where, reference);
    const scope = this.scope(where);
    const found = scope.aliases.get(alias) ?? this.managedAlias(where, alias);
    if (!found) throw kmsErrors.notFound(`Alias ${aliasArn(where, alias)} is not found.`);
    return this.keyById(where, found.targetKeyId);
  }

  /** A key by id or key ARN only (CreateAlias's TargetKeyId, a blob's key id). */
  keyById(where: Where, reference: string): KmsKey {
    const id = KEY_ARN.exec(reference)?.[1] ?? reference;
    const key = this.scope(where).keys.get(id);
    if (!key) throw kmsErrors.notFound(`Invalid keyId '${reference}'`);
    return key;
  }

  /** The key, refusing a disabled one (Encrypt, Decrypt, GenerateDataKey). */
  usable(key: KmsKey): KmsKey {
    if (!key.enabled) throw kmsErrors.disabled(key.arn);
    return key;
  }

  private managedAlias(where: Where, alias: string): KmsAlias | undefined {
    if (!/^alias\/aws\/[a-z0-9-]+$/.test(alias)) return undefined;
    const key = this.createKey(where, `Default key that protects my ${alias.slice(10)} data`, 'AWS');
    const made = { name: alias, arn: aliasArn(where, alias), targetKeyId: key.keyId, createdAt: this.now() };
    this.scope(where).aliases.set(alias, made);
    return made;
  }
}

export function aliasArn(where: Where, name: string): string {
  return `arn:aws:kms:${where.region}:${where.account}:${name}`;
}
