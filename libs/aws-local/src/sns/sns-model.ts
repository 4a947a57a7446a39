/** A topic as stored (one per ARN). */
export interface Topic {
  arn: string;
  name: string;
  account: string;
  region: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

/** An SQS subscription of a topic. */
export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  attributes: Record<string, string>;
}
