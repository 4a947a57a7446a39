/** One stored value of a secret and its staging labels. */
export interface SecretVersion {
  id: string;
  string?: string;
  binary?: string;
  stages: string[];
  createdAt: number;
}

/** A secret with its versions, per (account, region). */
export interface Secret {
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  tags: { Key: string; Value: string }[];
  versions: SecretVersion[];
  createdAt: number;
  changedAt: number;
  accessedAt?: number;
  deletedAt?: number;
}
