import { isSecretLookingField } from '@lava/core';

/** What a masked value prints as. */
export const MASK = '********';

/** `scheme://user:secret@host` → `scheme://user:********@host`. */
function maskUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi, `$1${MASK}@`);
}

/**
 * Deep copy with every secret-looking field (`password`, `secret_id`, `token`, `webhook_url`...)
 * masked, and passwords inside connection URLs masked too. Used before printing connections:
 * even a pointer to a secret (an SSM parameter name) is not shown.
 */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v)) as T;
  if (typeof value === 'string') return maskUrlCredentials(value) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = isSecretLookingField(k) && v !== null && v !== undefined ? MASK : maskSecrets(v);
    return out as T;
  }
  return value;
}
