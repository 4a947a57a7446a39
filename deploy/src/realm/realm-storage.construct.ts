import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgements';
import type { DeployNames } from '../naming';

/** Key prefixes of the realm bucket, written into the realm record as `s3_payloads` / `s3_temp`. */
export const PAYLOADS_PREFIX = 'payloads';
export const TEMP_PREFIX = 'tmp';

export interface RealmStorageProps {
  names: DeployNames;
  userKey: kms.IKey;
  tmpExpiryDays: number;
  bucketName?: string;
}

/**
 * The realm bucket and the marker of the realm's SSM namespace. Nothing is created under
 * `lava/<realm>/` in Secrets Manager: operators add connection secrets, and the dispatcher
 * creates the run-grant keyring (`lava/<realm>/_grant-keys`) at first boot.
 */
export class RealmStorage extends Construct {
  readonly bucket: s3.Bucket;
  /** Server access logs of the realm bucket. */
  readonly accessLogs: s3.Bucket;
  readonly realmParameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: RealmStorageProps) {
    super(scope, id);
    const { names } = props;
    // S3 delivers access logs only into SSE-S3 buckets (not SSE-KMS).
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      'This is the access-log destination of the realm bucket; logging access to it would need yet another bucket (and so on). Writes come only from the S3 logging service.',
    );
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.userKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3-triggered jobs (s3triggers table) on this bucket arrive through EventBridge.
      eventBridgeEnabled: true,
      lifecycleRules: [
        {
          id: 'expire-run-outputs',
          prefix: `${TEMP_PREFIX}/`,
          expiration: Duration.days(props.tmpExpiryDays),
        },
      ],
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'realm-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Marks the realm's parameter path; connection passwords are added under it by operators
    // (SecureString cannot be created by CloudFormation).
    this.realmParameter = new ssm.StringParameter(this, 'RealmParameter', {
      parameterName: `${names.ssmPrefix}/_realm`,
      stringValue: JSON.stringify({ realm: names.realm, bus: names.bus }),
      description: `Lava realm ${names.realm}: parameters under this path are read only by the secrets broker`,
    });
  }

  /** `s3://bucket/prefix` form used by the realm record. */
  s3Url(prefix: string): string {
    return `s3://${this.bucket.bucketName}/${prefix}`;
  }
}
