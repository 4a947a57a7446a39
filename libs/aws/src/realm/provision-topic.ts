import {
  CreateTopicCommand,
  DeleteTopicCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { translateAwsError } from '../errors';
import type { ProvisionStep } from './provision-report';

/** A topic that exists, with what `ensureDispatchTopic` did. */
export interface EnsuredTopic {
  arn: string;
  steps: ProvisionStep[];
}

/** ARN of the topic called `name`, or `undefined` when there is none (describe never creates). */
export async function findTopicArn(sns: SNSClient, name: string): Promise<string | undefined> {
  let token: string | undefined;
  try {
    do {
      const page = await sns.send(new ListTopicsCommand({ NextToken: token }));
      const hit = (page.Topics ?? []).find((t) => t.TopicArn?.split(':').pop() === name);
      if (hit) return hit.TopicArn;
      token = page.NextToken;
    } while (token);
  } catch (err) {
    throw translateAwsError(err, `topic ${name}`);
  }
  return undefined;
}

/**
 * Create the dispatch topic (CreateTopic is idempotent) and subscribe the dispatch queue with raw
 * message delivery, so a published text or JSON body reaches the dispatcher exactly as sent (the
 * original dispatch helper's SNS entry point).
 */
export async function ensureDispatchTopic(
  sns: SNSClient,
  name: string,
  queueArn: string,
): Promise<EnsuredTopic> {
  const existed = (await findTopicArn(sns, name)) !== undefined;
  try {
    const arn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
    const subs = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions ?? [];
    const subscribed = subs.some((s) => s.Endpoint === queueArn);
    if (!subscribed) {
      await sns.send(
        new SubscribeCommand({
          TopicArn: arn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
    }
    return {
      arn,
      steps: [
        { kind: 'topic', name, action: existed ? 'exists' : 'created' },
        {
          kind: 'subscription',
          name: `${name} -> ${queueArn.split(':').pop()}`,
          action: subscribed ? 'exists' : 'created',
        },
      ],
    };
  } catch (err) {
    throw translateAwsError(err, `topic ${name}`);
  }
}

/** Delete the topic (its subscriptions go with it); deleting an absent topic succeeds on SNS. */
export async function deleteTopic(sns: SNSClient, arn: string): Promise<void> {
  await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
}
