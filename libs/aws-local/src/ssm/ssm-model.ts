/** One value of a parameter (PutParameter creates a new one on overwrite). */
export interface ParameterVersion {
  version: number;
  value: string;
  type: string;
  description?: string;
  keyId?: string;
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
