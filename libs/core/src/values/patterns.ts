/** Name and value patterns shared by schemas and validators. */
export const PATTERNS = {
  /** Realm name [cfn]: no `-`, so queue names split unambiguously. */
  realm: /^[a-z][a-z0-9_]{2,10}$/,
  /**
   * Worker name: SQS queue-name characters, as the original's job schema (any non-empty name
   * whose `lava-<realm>-<worker>` queue could exist), so `w2` or `ETL_big` are fine; no `.` or
   * `/`, so a worker name is always safe as a path or S3 key segment. Length is checked against
   * the 80-character queue-name limit.
   */
  worker: /^[A-Za-z0-9][-A-Za-z0-9_]*$/,
  /** S3 bucket name [schema]. */
  bucket: /^[a-z0-9][-.a-z0-9]{1,61}[a-z0-9]$/,
  /** Five space-separated cron fields [schema]. `@` forms are checked separately. */
  cronFiveFields: /^([^ ]+ +){4}[^ ]+$/,
  /** Ignored extension fields: exactly `x-` or `X-`, case-sensitive. */
  extensionField: /^[xX]-/,
  /** Reserved names (globals, state ids): anything starting with `lava` in any case. */
  reservedName: /^lava/i,
  /** Canonical UUID (any version), as sent by dispatchers in `run_id`. */
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
} as const;

/** Field names whose values must never appear in errors, logs or events. */
export const SECRET_FIELD_RE =
  /pass(word|wd|phrase)?|secret|token|credential|private|access_key|api_?key|ssh_key|webhook|auth/i;

/** True when a field name looks like it may hold a secret (or a pointer to one). */
export function isSecretLookingField(name: string): boolean {
  return SECRET_FIELD_RE.test(name);
}

/**
 * Deep copy with the values of secret-looking keys replaced by `"***"`. Used before anything
 * leaves a service in an event or an error.
 */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretLookingField(k) ? '***' : redactSecrets(v);
    return out as T;
  }
  return value;
}
