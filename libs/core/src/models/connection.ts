/** A `lava.<realm>.connections` record. Connector-specific fields pass through. */
export interface ConnectionSpec {
  conn_id: string;
  /** Connector type, lower-cased (lookup is case-insensitive). */
  type: string;
  /** Missing means `false`: a disabled connection is refused when used. */
  enabled: boolean;
  description?: string;
  owner?: string;
  /** Secrets Manager id (DB and SMB types). */
  secret_id?: string;
  /** For DB types: an SSM parameter NAME, never the secret itself. */
  password?: string;
  [connectorField: string]: unknown;
}
