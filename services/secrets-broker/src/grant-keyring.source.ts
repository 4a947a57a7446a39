import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GrantKeyring } from '@lava/grants';
import type { Logger } from '@lava/logging';

/** The verification keys of run grants, by key id. */
export interface GrantKeySource {
  /** Current keys; loads them on first use. Empty when the keyring does not exist yet. */
  keys(): Promise<ReadonlyMap<string, Buffer>>;
  /** Re-read now (a grant named a key id we do not hold: maybe a rotation). Rate-limited. */
  refresh(): Promise<ReadonlyMap<string, Buffer>>;
}

const EMPTY: ReadonlyMap<string, Buffer> = new Map();

/**
 * A keyring secret (the realm's `lava/<realm>/_grant-keys`, or a worker fleet's
 * `lava/<realm>/_worker-keys/<worker>`), cached and re-read every `reloadSeconds` so a rotation
 * reaches the broker without a restart. The broker may start before the dispatcher has created
 * the keyring, so a missing secret is not fatal: it is read again when a grant arrives.
 * A failed reload keeps the last good keys.
 */
export class SecretsManagerGrantKeys implements GrantKeySource {
  private current: ReadonlyMap<string, Buffer> | undefined;
  private loadedAt = 0;
  private inflight: Promise<ReadonlyMap<string, Buffer>> | undefined;

  constructor(
    private readonly secrets: SecretsManagerClient,
    private readonly secretId: string,
    private readonly logger: Logger,
    private readonly opts: { reloadSeconds: number; minRefreshMs?: number; now?: () => number },
  ) {}

  async keys(): Promise<ReadonlyMap<string, Buffer>> {
    const age = this.now() - this.loadedAt;
    if (this.current && age < this.opts.reloadSeconds * 1000) return this.current;
    return this.load();
  }

  async refresh(): Promise<ReadonlyMap<string, Buffer>> {
    // A flood of forged key ids must not become a flood of Secrets Manager calls: at most one
    // read per minRefreshMs. Callers wait for the next read rather than being refused, so a
    // grant signed right after a rotation is still accepted.
    const asked = this.now();
    const wait = this.loadedAt + (this.opts.minRefreshMs ?? 1000) - asked;
    if (this.current && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.current && this.loadedAt >= asked) return this.current;
    const keys = await this.load();
    // We may have joined a read that started before we asked; then read once more.
    return this.loadedAt >= asked ? keys : this.load();
  }

  private load(): Promise<ReadonlyMap<string, Buffer>> {
    this.inflight ??= this.read().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async read(): Promise<ReadonlyMap<string, Buffer>> {
    // The start time counts: a read that began before a caller asked may predate the rotation.
    const started = this.now();
    const secretId = this.secretId;
    try {
      const out = await this.secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
      const ring = GrantKeyring.parse(out.SecretString ?? '');
      if (this.current && !this.current.has(ring.current.kid))
        this.logger.info('grant keyring reloaded with a new key', { kid: ring.current.kid });
      this.current = ring.all;
    } catch (err) {
      if (err instanceof ResourceNotFoundException)
        this.logger.warn(
          'keyring does not exist yet; refusing what it would verify until its owner creates it',
          { secret: secretId },
        );
      else
        this.logger.warn('grant keyring read failed; keeping the last keys', {
          secret: secretId,
          error: err as Error,
        });
      this.current ??= EMPTY;
    }
    this.loadedAt = started;
    return this.current;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
