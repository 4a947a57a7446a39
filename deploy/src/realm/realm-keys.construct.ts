import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The realm's three customer-managed keys. They are split by who may decrypt: every service
 * uses `sys` (tables, queues, topic); workers use `user` (bucket, as the reference's `s3_key`);
 * only the secrets broker uses `secrets` (operators encrypt connection secrets with it).
 */
export class RealmKeys extends Construct {
  readonly sys: kms.Key;
  readonly user: kms.Key;
  readonly secrets: kms.Key;

  constructor(scope: Construct, id: string, realm: string) {
    super(scope, id);
    this.sys = key(this, 'Sys', `lava-${realm}-sys`, `Lava realm ${realm}: tables, queues and topic`);
    this.user = key(this, 'User', `lava-${realm}-user`, `Lava realm ${realm}: payloads and run outputs`);
    this.secrets = key(this, 'Secrets', `lava-${realm}-secrets`, `Lava realm ${realm}: connection secrets`);
  }
}

function key(scope: Construct, id: string, alias: string, description: string): kms.Key {
  return new kms.Key(scope, id, {
    alias: `alias/${alias}`,
    description,
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
