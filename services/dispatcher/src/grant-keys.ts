import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readOrCreateSecretString, readSecretString } from '@lava/aws';
import { grantKeyringSecretId } from '@lava/core';
import { GrantKeyring, type GrantKey } from '@lava/grants';
import type { Logger } from '@lava/logging';
import { GrantKeyringError } from './errors';

/**
 * The signing key for run grants, from `lava/<realm>/_grant-keys`. Created at first boot when
 * absent (a concurrent creator wins and both use its keys), cached, and re-read every
 * `reloadSeconds` so a rotation (new current key) reaches the dispatcher without a restart.
 * A failed reload keeps the last good key and logs: dispatching must not stop for it.
 */
export class GrantSigningKeys {
  private keyring: GrantKeyring | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly secrets: SecretsManagerClient,
    private readonly realm: string,
    private readonly logger: Logger,
    private readonly reloadSeconds: number,
  ) {}

  get secretId(): string {
    return grantKeyringSecretId(this.realm);
  }

  /** Loads (or creates) the keyring and starts periodic reloads. */
  async start(): Promise<void> {
    this.keyring = await this.loadOrCreate();
    this.timer = setInterval(() => void this.reload(), this.reloadSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The key new grants are signed with. */
  current(): GrantKey {
    if (!this.keyring) throw new Error('grant keyring not loaded: call start() first');
    return this.keyring.current;
  }

  private async reload(): Promise<void> {
    try {
      const next = await this.read();
      if (next && next.current.kid !== this.keyring?.current.kid)
        this.logger.info('grant key rotated', { kid: next.current.kid });
      if (next) this.keyring = next;
    } catch (err) {
      this.logger.warn('grant keyring reload failed; keeping the current key', { error: err as Error });
    }
  }

  private async loadOrCreate(): Promise<GrantKeyring> {
    const text = await readOrCreateSecretString(
      this.secrets,
      this.secretId,
      () => JSON.stringify(GrantKeyring.generate()),
      {
        what: 'grant keyring',
        onCreated: () => this.logger.info('grant keyring created', { secret: this.secretId }),
      },
    );
    return this.parse(text);
  }

  private async read(): Promise<GrantKeyring | undefined> {
    const text = await readSecretString(this.secrets, this.secretId);
    return text === undefined ? undefined : this.parse(text);
  }

  private parse(text: string): GrantKeyring {
    try {
      return GrantKeyring.parse(text);
    } catch (err) {
      throw new GrantKeyringError(this.secretId, err);
    }
  }
}
