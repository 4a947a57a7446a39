export const STATE_TYPES = ['json', 'raw', 'secure'] as const;
export type StateType = (typeof STATE_TYPES)[number];

/** A `lava.<realm>.state` item as stored. Strict keys: Python readers reject extras. */
export interface StateRecord {
  state_id: string;
  type: StateType;
  /** `json`: JSON text; `raw`: native value; `secure`: KMS ciphertext bytes. */
  value: unknown;
  /** ISO-8601 with offset, set by the writer. */
  timestamp: string;
  /** Epoch seconds. */
  ttl: number;
  publisher?: string;
}

/** Default and maximum state TTL. */
export const STATE_TTL_DEFAULT = '7d';
export const STATE_TTL_MAX = '366d';
