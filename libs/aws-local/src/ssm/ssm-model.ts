/** One value of a parameter (PutParameter creates a new one on overwrite). */
export interface ParameterVersion {
  version: number;
  value: string;
  type: string;
  description?: string;
  keyId?: string;
  /**
   * SecureString stored as the base64 KMS blob of `value` (encryption context PARAMETER_ARN, as
   * SSM does). Absent on values saved before aws-local had KMS: those are kept in clear text.
   */
  sealed?: boolean;
  allowedPattern?: string;
  dataType: string;
  tier: string;
  labels: string[];
  modifiedAt: number;
}

/** A parameter and its versions (the last is current). */
export interface Parameter {
  name: string;
  versions: ParameterVersion[];
  tags: Record<string, string>;
}
