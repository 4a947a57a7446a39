import { createAwsClients, loadAwsConfig, type AwsClients } from './aws';
import YAML from 'yaml';
import type { CliIO } from './cli-io';
import { UsageError } from './errors';

/** Options every command accepts (defined on the root program). */
export interface GlobalOptions {
  realm?: string;
  endpoint?: string;
  region?: string;
  json?: boolean;
}

/**
 * What commands share: output, resolved configuration and the AWS clients (built once, on
 * first use, so `lava job validate` never needs AWS at all).
 */
export class CliContext {
  private awsClients?: AwsClients;
  private globals: GlobalOptions = {};

  constructor(
    readonly io: CliIO,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Record the parsed global options (called before each action runs). */
  setGlobals(globals: GlobalOptions): void {
    this.globals = globals;
  }

  /** Machine output requested. */
  get json(): boolean {
    return Boolean(this.globals.json);
  }

  /** The realm: an explicit argument, then `--realm`, then `LAVA_REALM`. */
  realm(explicit?: string): string {
    const realm = explicit ?? this.globals.realm ?? this.env.LAVA_REALM;
    if (!realm) throw new UsageError('No realm: pass --realm or set LAVA_REALM');
    return realm;
  }

  /** AWS clients from the environment plus `--endpoint`/`--region`, created once. */
  clients(): AwsClients {
    this.awsClients ??= createAwsClients(
      loadAwsConfig(this.env, { endpoint: this.globals.endpoint, region: this.globals.region }),
    );
    return this.awsClients;
  }

  /** Print `value` as JSON with `--json`, else `text` (default: YAML of the value). */
  print(value: unknown, text?: string): void {
    if (this.json) this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else this.io.stdout(ensureNewline(text ?? YAML.stringify(value)));
  }

  /** A line for humans on stderr (progress, warnings); kept out of stdout so pipes stay clean. */
  note(text: string): void {
    this.io.stderr(ensureNewline(text));
  }

  /** Release the AWS clients' sockets. */
  close(): void {
    this.awsClients?.destroy();
    this.awsClients = undefined;
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
