import { ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Names and URLs of every queue whose name starts with `lava-<realm>-`. */
export async function listRealmQueues(
  sqs: SQSClient,
  realm: string,
): Promise<{ name: string; url: string }[]> {
  const urls: string[] = [];
  let token: string | undefined;
  do {
    const out = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: `lava-${realm}-`, NextToken: token, MaxResults: 1000 }),
    );
    urls.push(...(out.QueueUrls ?? []));
    token = out.NextToken;
  } while (token);
  // Realm names contain no `-`, so this prefix cannot match another realm's queues.
  return urls
    .map((url) => ({ url, name: decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
