import { randomBytes } from 'node:crypto';
import type { JsonService, Persistable, RequestContext } from '../contracts';
import { AwsError, callOperation } from '../contracts';
import { blobKeyId, open, seal } from './kms-ciphertext';
import { kmsErrors } from './kms-errors';
import { KmsKeyStore } from './kms-keys';
import { MAX_DATA_KEY_BYTES, MAX_PLAINTEXT_BYTES, type KmsAlias, type KmsKey } from './kms-model';

type Input = Record<string, unknown>;
type Where = Pick<RequestContext, 'account' | 'region'>;
const ALGORITHM = 'SYMMETRIC_DEFAULT';

/**
 * KMS (symmetric keys only): CreateKey, DescribeKey, Enable/DisableKey, CreateAlias, ListAliases,
 * Encrypt, Decrypt, GenerateDataKey. Ciphertext is AES-256-GCM under a per-key secret that never
 * leaves the endpoint (persisted with the data dir), so blobs are opaque and authenticated.
 */
export class KmsService implements JsonService, Persistable {
  readonly keys: KmsKeyStore;
  private readonly operations: Record<string, (input: Input, where: Where) => Input>;

  constructor(now: () => number = Date.now) {
    this.keys = new KmsKeyStore(now);
    this.operations = {
      CreateKey: (i, w) => ({ KeyMetadata: metadata(this.createKey(i, w)) }),
      DescribeKey: (i, w) => ({ KeyMetadata: metadata(this.keys.resolve(w, i.KeyId)) }),
      EnableKey: (i, w) => this.setEnabled(i, w, true),
      DisableKey: (i, w) => this.setEnabled(i, w, false),
      CreateAlias: (i, w) => {
        this.keys.createAlias(w, String(i.AliasName ?? ''), String(i.TargetKeyId ?? ''));
        return {};
      },
      ListAliases: (i, w) => this.listAliases(i, w),
      Encrypt: (i, w) => this.encrypt(i, w),
      Decrypt: (i, w) => this.decrypt(i, w),
      GenerateDataKey: (i, w) => this.generateDataKey(i, w),
    };
  }

  handle(operation: string, input: Input, ctx: RequestContext): Promise<Input> {
    return callOperation('KMS', this.operations, operation, (op) => op(input, ctx));
  }

  /** Encrypts for another emulated service (SSM SecureString); returns the blob and the key ARN. */
  encryptFor(where: Where, keyId: string, plaintext: Buffer, context: Record<string, string>) {
    const key = this.keys.usable(this.keys.resolve(where, keyId));
    return {
      blob: seal(key.keyId, Buffer.from(key.material, 'base64'), plaintext, context),
      keyArn: key.arn,
    };
  }

  /** Decrypts for another emulated service. */
  decryptFor(where: Where, blob: Buffer, context: Record<string, string>): Buffer {
    const key = this.keyOfBlob(where, blob);
    return open(blob, Buffer.from(this.keys.usable(key).material, 'base64'), context);
  }

  private createKey(input: Input, where: Where): KmsKey {
    const spec = (input.KeySpec ?? input.CustomerMasterKeySpec ?? ALGORITHM) as string;
    const usage = (input.KeyUsage ?? 'ENCRYPT_DECRYPT') as string;
    if (spec !== ALGORITHM || usage !== 'ENCRYPT_DECRYPT')
      throw kmsErrors.unsupported(
        `lava-aws-local creates symmetric ENCRYPT_DECRYPT keys only (asked ${spec}/${usage}).`,
      );
    return this.keys.createKey(where, typeof input.Description === 'string' ? input.Description : '');
  }

  private setEnabled(input: Input, where: Where, enabled: boolean): Input {
    this.keys.resolve(where, input.KeyId).enabled = enabled;
    return {};
  }

  private listAliases(input: Input, where: Where): Input {
    const target = input.KeyId === undefined ? undefined : this.keys.resolve(where, input.KeyId).keyId;
    const all = [...this.keys.scope(where).aliases.values()]
      .filter((a) => target === undefined || a.targetKeyId === target)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const start =
      input.Marker === undefined ? 0 : Number(Buffer.from(String(input.Marker), 'base64').toString());
    if (!Number.isInteger(start) || start < 0)
      throw new AwsError('InvalidMarkerException', 'Invalid marker.');
    const limit = Number(input.Limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw kmsErrors.validation('Limit must be between 1 and 100.');
    const page = all.slice(start, start + limit);
    const truncated = start + limit < all.length;
    return {
      Aliases: page.map(aliasEntry),
      Truncated: truncated,
      ...(truncated ? { NextMarker: Buffer.from(String(start + limit)).toString('base64') } : {}),
    };
  }

  private encrypt(input: Input, where: Where): Input {
    const plaintext = blobInput(input.Plaintext, 'Plaintext', MAX_PLAINTEXT_BYTES);
    const { blob, keyArn } = this.encryptFor(where, String(input.KeyId ?? ''), plaintext, context(input));
    return { CiphertextBlob: blob.toString('base64'), KeyId: keyArn, EncryptionAlgorithm: ALGORITHM };
  }

  private decrypt(input: Input, where: Where): Input {
    const blob = blobInput(input.CiphertextBlob, 'CiphertextBlob', 6144);
    const key = this.keyOfBlob(where, blob);
    if (input.KeyId !== undefined && this.keys.resolve(where, input.KeyId).keyId !== key.keyId)
      throw kmsErrors.incorrectKey();
    const plaintext = this.decryptFor(where, blob, context(input));
    return { Plaintext: plaintext.toString('base64'), KeyId: key.arn, EncryptionAlgorithm: ALGORITHM };
  }

  private generateDataKey(input: Input, where: Where): Input {
    const bytes = dataKeyBytes(input);
    const plaintext = randomBytes(bytes);
    const { blob, keyArn } = this.encryptFor(where, String(input.KeyId ?? ''), plaintext, context(input));
    return {
      CiphertextBlob: blob.toString('base64'),
      Plaintext: plaintext.toString('base64'),
      KeyId: keyArn,
    };
  }

  /** The key a blob names; a blob naming no key here is InvalidCiphertextException, as in KMS. */
  private keyOfBlob(where: Where, blob: Buffer): KmsKey {
    const id = blobKeyId(blob);
    const key = this.keys.scope(where).keys.get(id);
    if (!key) throw kmsErrors.invalidCiphertext();
    return key;
  }

  snapshot(): unknown {
    return [...this.keys.scopes.entries()].map(([name, s]) => [
      name,
      [...s.keys.entries()],
      [...s.aliases.entries()],
    ]);
  }

  restore(data: unknown): void {
    for (const [name, keys, aliases] of (data as
      [string, [string, KmsKey][], [string, KmsAlias][]][] | undefined) ?? [])
      this.keys.scopes.set(name, { keys: new Map(keys), aliases: new Map(aliases) });
  }
}

function metadata(key: KmsKey): Input {
  return {
    AWSAccountId: key.arn.split(':')[4],
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt / 1000,
    Enabled: key.enabled,
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.enabled ? 'Enabled' : 'Disabled',
    Origin: 'AWS_KMS',
    KeyManager: key.manager,
    CustomerMasterKeySpec: ALGORITHM,
    KeySpec: ALGORITHM,
    EncryptionAlgorithms: [ALGORITHM],
    MultiRegion: false,
  };
}

function aliasEntry(alias: KmsAlias): Input {
  return {
    AliasName: alias.name,
    AliasArn: alias.arn,
    TargetKeyId: alias.targetKeyId,
    CreationDate: alias.createdAt / 1000,
    LastUpdatedDate: alias.createdAt / 1000,
  };
}

function blobInput(value: unknown, field: string, max: number): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (bytes.length < 1 || bytes.length > max)
    throw kmsErrors.validation(
      `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
    );
  return bytes;
}

function context(input: Input): Record<string, string> {
  const value = input.EncryptionContext;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw kmsErrors.validation('EncryptionContext must be a map.');
  return Object.fromEntries(Object.entries(value as Input).map(([k, v]) => [k, String(v)]));
}

function dataKeyBytes(input: Input): number {
  if (input.NumberOfBytes !== undefined && input.KeySpec !== undefined)
    throw kmsErrors.validation('Please specify either number of bytes or key spec.');
  if (input.KeySpec === 'AES_256') return 32;
  if (input.KeySpec === 'AES_128') return 16;
  const n = Number(input.NumberOfBytes);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DATA_KEY_BYTES)
    throw kmsErrors.validation('Please specify either number of bytes or key spec.');
  return n;
}
