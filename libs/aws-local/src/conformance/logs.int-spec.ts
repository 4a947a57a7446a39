import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, uniqueName } from './support';

jest.setTimeout(30_000);

describe('CloudWatch Logs', () => {
  const aws = useAwsEndpoint();
  const logs = () => new CloudWatchLogsClient(awsClientConfig(aws.url()));

  async function streamWith(messages: string[]): Promise<{ group: string; stream: string }> {
    const group = `/lava/test/${uniqueName('logs')}`;
    const stream = 'app/main/0001';
    await logs().send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const base = Date.now();
    await logs().send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: messages.map((message, n) => ({ timestamp: base + n, message })),
      }),
    );
    return { group, stream };
  }

  it('GetLogEvents pages from the head with forward tokens until the token repeats', async () => {
    const { group, stream } = await streamWith(['one', 'two', 'three']);
    const read: string[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await logs().send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          startFromHead: true,
          limit: 2,
          nextToken: token,
        }),
      );
      read.push(...page.events!.map((e) => e.message!));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    expect(read).toEqual(['one', 'two', 'three']);
  });

  it('GetLogEvents without startFromHead returns the newest events', async () => {
    const { group, stream } = await streamWith(['a', 'b', 'c']);
    const page = await logs().send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 2 }),
    );
    expect(page.events!.map((e) => e.message)).toEqual(['b', 'c']);
    expect(page.events![0]!.ingestionTime).toEqual(expect.any(Number));
  });

  it('describes streams with their event times, and names missing groups and duplicates as AWS does', async () => {
    const { group, stream } = await streamWith(['x']);
    const { logStreams } = await logs().send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(logStreams).toEqual([
      expect.objectContaining({ logStreamName: stream, lastEventTimestamp: expect.any(Number) }),
    ]);
    const missing = await errorOf(() =>
      logs().send(new GetLogEventsCommand({ logGroupName: `${group}-none`, logStreamName: stream })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    const duplicate = await errorOf(() => logs().send(new CreateLogGroupCommand({ logGroupName: group })));
    expect(duplicate.name).toBe('ResourceAlreadyExistsException');
  });

  it('refuses a batch out of chronological order', async () => {
    const { group, stream } = await streamWith(['first']);
    const error = await errorOf(() =>
      logs().send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: [
            { timestamp: 2000, message: 'late' },
            { timestamp: 1000, message: 'early' },
          ],
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
  });
});
