import { JobFailedError, type HandlerContext } from '@lava/core';
import type { AwsCredentials } from '@lava/connectors';
import { releasedConnection } from '../released-connection';

/** What an `s3_conn_id` gives a database that reads S3 itself: keys and the connection's region. */
export interface S3Access {
  credentials: AwsCredentials;
  region?: string;
  /** Values to mask in any message (the keys themselves). */
  secretValues: readonly string[];
}

/**
 * The `aws` connection named by `s3_conn_id`, released by the secrets broker under the run grant
 * (the grant names it: it is one of the job type's connection parameters).
 */
export async function s3Access(ctx: HandlerContext, jobType: string, connId: string): Promise<S3Access> {
  const resolved = await releasedConnection(ctx, connId);
  if (resolved?.kind !== 'aws')
    throw new JobFailedError(
      'CONNECTION_UNSUPPORTED',
      `${jobType}: s3_conn_id ${connId} is not an aws connection`,
      {
        exit_status: 1,
      },
    );
  return { credentials: resolved.credentials, region: resolved.region, secretValues: resolved.secretValues };
}

/** The worker's region (the default for server-side S3 access without an `s3_conn_id`). */
export function workerRegion(ctx: HandlerContext): string | undefined {
  return ctx.baseEnv.AWS_REGION ?? ctx.baseEnv.AWS_DEFAULT_REGION;
}
