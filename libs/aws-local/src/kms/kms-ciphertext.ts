import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { kmsErrors } from './kms-errors';

/** Version tag of the blob layout: `LKM1 | len | keyId | iv(12) | tag(16) | ciphertext`. */
const MAGIC = Buffer.from('LKM1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Canonical bytes of an encryption context: KMS binds the context to the ciphertext regardless
 * of the order of its pairs, so the pairs are sorted before they are authenticated.
 */
function contextBytes(context: Record<string, string>): Buffer {
  const pairs = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

function header(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id]);
}

/**
 * Encrypts with AES-256-GCM. The key id travels in the blob (Decrypt needs no KeyId, as in KMS)
 * and is authenticated with the encryption context, so neither can be swapped.
 */
export function seal(
  keyId: string,
  material: Buffer,
  plaintext: Buffer,
  context: Record<string, string>,
): Buffer {
  const head = header(keyId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([head, contextBytes(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, cipher.getAuthTag(), body]);
}

/** The key id a blob names; InvalidCiphertextException when it is not one of ours. */
export function blobKeyId(blob: Buffer): string {
  if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC))
    throw kmsErrors.invalidCiphertext();
  const length = blob[MAGIC.length]!;
  const end = MAGIC.length + 1 + length;
  if (blob.length < end + IV_BYTES + TAG_BYTES) throw kmsErrors.invalidCiphertext();
  return blob.subarray(MAGIC.length + 1, end).toString('utf8');
}

/** Decrypts a blob made by `seal`; any tampering or another context is InvalidCiphertextException. */
export function open(blob: Buffer, material: Buffer, context: Record<string, string>): Buffer {
  const keyId = blobKeyId(blob);
  const head = header(keyId);
  const iv = blob.subarray(head.length, head.length + IV_BYTES);
  const tag = blob.subarray(head.length + IV_BYTES, head.length + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, iv);
    decipher.setAAD(Buffer.concat([head, contextBytes(context)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(blob.subarray(head.length + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw kmsErrors.invalidCiphertext();
  }
}
