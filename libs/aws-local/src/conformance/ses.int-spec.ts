import { SendEmailCommand, SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { SendEmailCommand as SendEmailV2Command, SESv2Client } from '@aws-sdk/client-sesv2';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, uniqueName } from './support';

jest.setTimeout(30_000);
describe('SES (v1 over awsQuery, v2 over restJson), recorded for GET /_aws/ses', () => {
  const aws = useAwsEndpoint();
  const v1 = () => new SESClient(awsClientConfig(aws.url()));
  const v2 = () => new SESv2Client(awsClientConfig(aws.url()));
  const sent = async () =>
    ((await (await fetch(`${aws.url()}/_aws/ses`)).json()) as { messages: Array<Record<string, unknown>> })
      .messages;

  it('SendEmail (v1) returns a MessageId and records the message', async () => {
    const subject = uniqueName('subject');
    const { MessageId } = await v1().send(
      new SendEmailCommand({
        Source: 'Lava <lava@example.com>',
        Destination: { ToAddresses: ['ops@example.com'], CcAddresses: ['cc@example.com'] },
        Message: {
          Subject: { Data: subject },
          Body: { Text: { Data: 'hello' }, Html: { Data: '<b>hello</b>' } },
        },
      }),
    );
    expect(MessageId).toMatch(/^[0-9a-f]+-[0-9a-f-]{36}-000000$/);
    expect((await sent()).find((m) => m.Id === MessageId)).toMatchObject({
      Source: 'Lava <lava@example.com>',
      Region: 'us-east-1',
      Destination: { ToAddresses: ['ops@example.com'], CcAddresses: ['cc@example.com'] },
      Subject: subject,
      Body: { text_part: 'hello', html_part: '<b>hello</b>' },
    });
  });

  it('SendRawEmail (v1) takes the sender from the From header when Source is absent', async () => {
    const raw = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: raw\r\n\r\nbody\r\n';
    const { MessageId } = await v1().send(
      new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw) } }),
    );
    expect((await sent()).find((m) => m.Id === MessageId)).toMatchObject({
      Source: 'a@example.com',
      RawData: raw,
    });
  });

  it('SendEmail (v2) with simple and raw content', async () => {
    const simple = await v2().send(
      new SendEmailV2Command({
        FromEmailAddress: 'lava@example.com',
        Destination: { ToAddresses: ['x@example.com'] },
        Content: { Simple: { Subject: { Data: 's2' }, Body: { Text: { Data: 't2' } } } },
        ConfigurationSetName: 'tracking',
      }),
    );
    const raw = 'From: r@example.com\r\nSubject: r2\r\n\r\nraw body\r\n';
    const rawSend = await v2().send(
      new SendEmailV2Command({
        Destination: { ToAddresses: ['y@example.com'] },
        Content: { Raw: { Data: Buffer.from(raw) } },
      }),
    );
    const messages = await sent();
    expect(messages.find((m) => m.Id === simple.MessageId)).toMatchObject({
      Source: 'lava@example.com',
      Subject: 's2',
      Body: { text_part: 't2' },
      ConfigurationSet: 'tracking',
    });
    expect(messages.find((m) => m.Id === rawSend.MessageId)).toMatchObject({
      Source: 'r@example.com',
      RawData: raw,
    });
  });

  it('refuses what SES refuses: a bad address, no sender, two kinds of content', async () => {
    const bad = await errorOf(() =>
      v1().send(
        new SendEmailCommand({
          Source: 'lava@example.com',
          Destination: { ToAddresses: ['not-an-address'] },
          Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
        }),
      ),
    );
    expect(bad).toMatchObject({ name: 'InvalidParameterValue', message: 'Illegal address: not-an-address' });
    const noSender = await errorOf(() =>
      v2().send(
        new SendEmailV2Command({
          Destination: { ToAddresses: ['x@example.com'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
        }),
      ),
    );
    expect(noSender.$metadata?.httpStatusCode).toBe(400);
    const both = await errorOf(() =>
      v2().send(
        new SendEmailV2Command({
          FromEmailAddress: 'lava@example.com',
          Destination: { ToAddresses: ['x@example.com'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: {} }, Raw: { Data: Buffer.from('x') } },
        }),
      ),
    );
    expect(both).toMatchObject({ name: 'BadRequestException' });
  });
});
