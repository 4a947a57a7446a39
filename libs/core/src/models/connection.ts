/**
 * A record of the `lava.<realm>.connections` table. Connector-specific fields pass through (DB
 * types accept any extra field; other types validate their own). Fields named like `password`
 * hold SSM parameter or secret NAMES, never the secret itself.
 */
export interface ConnectionSpec {
  conn_id: string;
  /** Connector type, lower-cased (lookup is case-insensitive). */
  type: string;
  /** Missing means `false`: a disabled connection is refused when used. */
  enabled?: boolean;
  description?: string;
  owner?: string;
  /** Secrets Manager id (DB and SMB types). */
  secret_id?: string;
  /** For DB types: an SSM parameter NAME, never the secret itself. */
  password?: string;
  [connectorField: string]: unknown;
}
