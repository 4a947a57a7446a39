import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, rawJson, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('edge routing and protocol', () => {
  const aws = useAwsEndpoint();

  it('answers JSON with the request content type and a request id (check 1)', async () => {
    const res = await rawJson(aws.url(), 'AmazonSQS.ListQueues', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/[0-9a-f-]{36}/);
  });

  it('maps a missing queue to QueueDoesNotExist with the query code (check 2)', async () => {
    const sqs = new SQSClient(awsClientConfig(aws.url()));
    const err = await errorOf(() => sqs.send(new GetQueueUrlCommand({ QueueName: uniqueName('missing') })));
    expect(err).toBeInstanceOf(QueueDoesNotExist);
    expect(err.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(err.$metadata.httpStatusCode).toBe(400);
    const raw = await rawJson(aws.url(), 'AmazonSQS.GetQueueUrl', { QueueName: uniqueName('missing') });
    expect(raw.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
  });

  it('answers an unknown operation with 400, not 500 (check 3)', async () => {
    const res = await rawJson(aws.url(), 'AmazonSQS.NoSuchOperation', {});
    expect(res.status).toBe(400);
    const unknownTarget = await rawJson(aws.url(), 'NoSuchService.Op', {});
    expect(unknownTarget.status).toBe(400);
    expect(((await unknownTarget.json()) as { __type: string }).__type).toContain(
      'UnknownOperationException',
    );
  });

  it('names service and operation for an operation it does not implement', async () => {
    const res = await rawJson(aws.url(), 'AmazonSSM.CreateDocument', {}, 'application/x-amz-json-1.1', 'ssm');
    expect(res.status).toBe(400);
    if (!aws.external)
      expect(((await res.json()) as { message: string }).message).toMatch(/SSM operation CreateDocument/);
  });

  it('tells who the caller is (check 4)', async () => {
    const sts = new STSClient(awsClientConfig(aws.url()));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe('000000000000');
    expect(me.Arn).toBe('arn:aws:iam::000000000000:root');
  });

  it('uses a 12-digit access key as the account (check 5)', async () => {
    const sqs = new SQSClient(awsClientConfig(aws.url(), { accessKeyId: '111111111111' }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('acct') }));
    expect(QueueUrl).toContain('/111111111111/');
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    expect(Attributes?.QueueArn).toMatch(/^arn:aws:sqs:us-east-1:111111111111:/);
    const sts = new STSClient(awsClientConfig(aws.url(), { accessKeyId: '111111111111' }));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');
  });

  it('keeps state per region (check 6)', async () => {
    const eu = new SQSClient(awsClientConfig(aws.url(), { region: 'eu-west-1' }));
    const us = new SQSClient(awsClientConfig(aws.url()));
    const name = uniqueName('region');
    const { QueueUrl } = await eu.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await eu.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    expect(Attributes?.QueueArn).toMatch(/^arn:aws:sqs:eu-west-1:/);
    await expect(us.send(new GetQueueUrlCommand({ QueueName: name }))).rejects.toBeInstanceOf(
      QueueDoesNotExist,
    );
    const listed = await us.send(new ListQueuesCommand({ QueueNamePrefix: name }));
    expect(listed.QueueUrls).toBeUndefined();
  });

  it('builds queue URLs from the endpoint the client used (check 7)', async () => {
    const sqs = new SQSClient(awsClientConfig(aws.url()));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('origin') }));
    expect(new URL(QueueUrl!).origin).toBe(new URL(aws.url()).origin);
  });

  it('refuses a malformed JSON body with a 400', async () => {
    const res = await fetch(aws.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
  });
});
