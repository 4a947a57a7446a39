import { readFileSync } from 'node:fs';
import { COMMON_ENV, ConfigError, readEnv, type EnvValues } from '@lava/service-kit';

/** The environment this service reads (also the source of docs/reference/configuration.md). */
export const BROKER_ENV = {
  ...COMMON_ENV,
  LAVA_BROKER_PORT: {
    type: 'int',
    default: 8081,
    min: 0,
    max: 65535,
    description: 'port of the broker API (0 = any)',
  },
  LAVA_BROKER_HOST: {
    type: 'string',
    default: '127.0.0.1',
    description: 'address the broker API listens on',
  },
  LAVA_BROKER_TLS_CERT: {
    type: 'string',
    default: '',
    description: 'PEM certificate (chain) file; with LAVA_BROKER_TLS_KEY the API serves HTTPS',
  },
  LAVA_BROKER_TLS_KEY: {
    type: 'string',
    default: '',
    description: 'PEM private key file of LAVA_BROKER_TLS_CERT',
  },
  LAVA_BROKER_CACHE_SECONDS: {
    type: 'int',
    default: 30,
    min: 0,
    max: 300,
    description: 'lifetime of a resolved connection in the cache (0 = no cache)',
  },
  LAVA_BROKER_UNGRANTED_RUNS: {
    type: 'bool',
    default: false,
    description:
      'migration mode: release to run messages without a grant (sent by the original dispatcher) the connections their job record names',
  },
  LAVA_GRANT_RELOAD_SECONDS: {
    type: 'int',
    default: 60,
    min: 1,
    description: 'how often the grant keyring is re-read (rotation)',
  },
} as const;

export interface BrokerTls {
  cert: Buffer;
  key: Buffer;
}

export type BrokerConfig = EnvValues<typeof BROKER_ENV> & {
  /** Certificate and key when the API serves HTTPS; undefined = plain HTTP (local only). */
  tls: BrokerTls | undefined;
  env: Readonly<Record<string, string | undefined>>;
};

/** Reads the broker's environment once, at the boundary; TLS files are read here too. */
export function loadBrokerConfig(env: NodeJS.ProcessEnv): BrokerConfig {
  const values = readEnv(BROKER_ENV, env);
  return {
    ...values,
    tls: readTls(values.LAVA_BROKER_TLS_CERT, values.LAVA_BROKER_TLS_KEY),
    env: { ...env },
  };
}

function readTls(certFile: string, keyFile: string): BrokerTls | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile)
    throw new ConfigError(['LAVA_BROKER_TLS_CERT and LAVA_BROKER_TLS_KEY must be set together']);
  try {
    return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  } catch (err) {
    throw new ConfigError([`cannot read the broker TLS files: ${(err as Error).message}`]);
  }
}
