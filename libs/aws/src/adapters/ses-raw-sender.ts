import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SesDestination, SesRawSender } from '@lava/core';
import type { AwsClients } from '../config/aws-clients';

/**
 * Sends MIME messages with SES v2 `SendEmail` (raw content: attachments and headers as built).
 * One client per region, built on first use with the worker's shared client settings.
 */
export class SesV2RawSender implements SesRawSender {
  private readonly clients = new Map<string, SESv2Client>();

  constructor(
    private readonly makeClient: (region: string) => SESv2Client,
    /** The realm's `SES_REGION` (the original's default: us-east-1). */
    private readonly defaultRegion: string,
    private readonly defaultConfigurationSet?: string,
  ) {}

  /** A sender with the endpoint, credentials and retries of `clients`. */
  static forClients(clients: AwsClients, defaultRegion: string, configurationSet?: string): SesV2RawSender {
    const { endpoint, credentials, maxAttempts } = clients.config;
    return new SesV2RawSender(
      (region) => new SESv2Client({ region, endpoint, credentials, maxAttempts }),
      defaultRegion,
      configurationSet,
    );
  }

  async sendRaw(raw: Buffer, destination: SesDestination): Promise<void> {
    const region = destination.region ?? this.defaultRegion;
    let client = this.clients.get(region);
    if (!client) this.clients.set(region, (client = this.makeClient(region)));
    const configurationSet = destination.configurationSet ?? this.defaultConfigurationSet;
    await client.send(
      new SendEmailCommand({
        Content: { Raw: { Data: raw } },
        ...(destination.recipients?.length ? { Destination: { ToAddresses: destination.recipients } } : {}),
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }),
    );
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
