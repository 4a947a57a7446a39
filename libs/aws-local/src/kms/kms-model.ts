/** A symmetric key of the emulated KMS. `material` is the AES-256 secret (base64), never sent out. */
export interface KmsKey {
  keyId: string;
  arn: string;
  description: string;
  createdAt: number;
  enabled: boolean;
  /** `CUSTOMER` for CreateKey, `AWS` for the managed keys behind `alias/aws/*`. */
  manager: 'CUSTOMER' | 'AWS';
  material: string;
}

/** An alias (`alias/…`) naming one key. */
export interface KmsAlias {
  name: string;
  arn: string;
  targetKeyId: string;
  createdAt: number;
}

/** The keys and aliases of one (account, region). */
export interface KmsScope {
  keys: Map<string, KmsKey>;
  aliases: Map<string, KmsAlias>;
}

/** KMS limits: Encrypt takes at most 4096 plaintext bytes; data keys 1..1024 bytes. */
export const MAX_PLAINTEXT_BYTES = 4096;
export const MAX_DATA_KEY_BYTES = 1024;
