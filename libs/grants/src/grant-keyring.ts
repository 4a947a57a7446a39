import { randomBytes } from 'node:crypto';
import type { GrantKey } from './run-grant';

/**
 * The grant key set as stored in Secrets Manager (`lava/<realm>/_grant-keys`, JSON):
 * `{ "current": "k2", "keys": { "k2": "<base64>", "k1": "<base64>" } }`.
 * Rotation: add a new key and make it current; keep the old one until outstanding grants expire.
 */
export interface GrantKeyringDocument {
  current: string;
  keys: Record<string, string>;
}

export class GrantKeyring {
  private constructor(
    readonly current: GrantKey,
    readonly all: ReadonlyMap<string, Buffer>,
  ) {}

  static parse(json: string): GrantKeyring {
    const doc = JSON.parse(json) as GrantKeyringDocument;
    const all = new Map(
      Object.entries(doc.keys ?? {}).map(([kid, b64]) => [kid, Buffer.from(b64, 'base64')] as const),
    );
    const secret = all.get(doc.current);
    if (!secret) throw new Error(`grant keyring has no key for current id "${doc.current}"`);
    return new GrantKeyring({ kid: doc.current, secret }, all);
  }

  /** A fresh keyring document with one random 256-bit key. */
  static generate(kid = `k${Date.now().toString(36)}`): GrantKeyringDocument {
    return { current: kid, keys: { [kid]: randomBytes(32).toString('base64') } };
  }

  /** Adds a new current key, keeping the old ones for verification. */
  static rotate(doc: GrantKeyringDocument, kid = `k${Date.now().toString(36)}`): GrantKeyringDocument {
    return { current: kid, keys: { ...doc.keys, [kid]: randomBytes(32).toString('base64') } };
  }
}
