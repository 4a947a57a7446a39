import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { StateCipherError } from '../errors';
import type { StateCipher } from '../repositories/state-cipher';

/**
 * `StateCipher` over KMS. Errors name the key and the KMS error only: never the plaintext or the
 * blob, and the SDK error is not kept as `cause` (its `$response` could be logged whole).
 */
export class KmsStateCipher implements StateCipher {
  constructor(private readonly kms: KMSClient) {}

  async encrypt(keyId: string, plaintext: Uint8Array): Promise<Uint8Array> {
    try {
      const out = await this.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
      if (!out.CiphertextBlob) throw new Error('no CiphertextBlob');
      return out.CiphertextBlob;
    } catch (err) {
      throw new StateCipherError('encrypt', keyId, errorName(err));
    }
  }

  async decrypt(blob: Uint8Array): Promise<Uint8Array> {
    try {
      const out = await this.kms.send(new DecryptCommand({ CiphertextBlob: blob }));
      if (!out.Plaintext) throw new Error('no Plaintext');
      return out.Plaintext;
    } catch (err) {
      throw new StateCipherError('decrypt', undefined, errorName(err));
    }
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}
