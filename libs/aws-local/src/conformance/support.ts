import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { pollUntil } from '@lava/errors';
import { awsClientConfig, uniqueName } from '../testing';

export { awsClientConfig, uniqueName };

/** Creates a queue with a unique name; returns its URL and ARN. */
export async function createQueue(
  sqs: SQSClient,
  prefix: string,
  attributes?: Record<string, string>,
  fifo = false,
): Promise<{ url: string; arn: string; name: string }> {
  const name = uniqueName(prefix) + (fifo ? '.fifo' : '');
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { ...(fifo ? { FifoQueue: 'true' } : {}), ...attributes },
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl!, arn: Attributes!.QueueArn!, name };
}

/** Long-polls until at least one message arrives. */
export async function receiveOne(
  sqs: SQSClient,
  url: string,
  extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {},
): Promise<Message> {
  return pollUntil(
    async () => {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1, ...extra }),
      );
      return Messages?.[0];
    },
    { timeoutMs: 15_000 },
  );
}

/** Collects messages until `count` have arrived. */
export async function receiveAll(
  sqs: SQSClient,
  url: string,
  count: number,
  extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {},
): Promise<Message[]> {
  const got: Message[] = [];
  await pollUntil(
    async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1, MaxNumberOfMessages: 10, ...extra }),
      );
      got.push(...Messages);
      return got.length >= count ? true : undefined;
    },
    { timeoutMs: 15_000 },
  );
  return got;
}

/** What SDK v3 service exceptions carry besides `name` and `message`. */
export type SdkError = Error & { Code?: string; Type?: string; $metadata: { httpStatusCode?: number } };

/** Runs `fn` and returns the error it throws (fails the test if it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<SdkError> {
  try {
    await fn();
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected an error');
}

/** Sends a raw awsJson request (to look at headers the SDK hides). */
export async function rawJson(
  url: string,
  target: string,
  body: unknown,
  contentType = 'application/x-amz-json-1.0',
  service = 'sqs',
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(url, {
    signal,
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
}
