/**
 * Encryption of `secure` state values (the original's KMS format: the item's `value` is the
 * Binary KMS CiphertextBlob of the JSON text, with no encryption context). Implemented by
 * `KmsStateCipher`; the repository only sees bytes.
 */
export interface StateCipher {
  /** Encrypts under `keyId` (key id, key ARN, `alias/…` or alias ARN). */
  encrypt(keyId: string, plaintext: Uint8Array): Promise<Uint8Array>;
  /** Decrypts a blob made by `encrypt` (the blob names its key). */
  decrypt(blob: Uint8Array): Promise<Uint8Array>;
}

/** The realm key `secure` items use when the writer names none (as the original). */
export function defaultStateKey(realm: string): string {
  return `alias/lava-${realm}-sys`;
}
