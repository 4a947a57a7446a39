import type { ConnectionSpec } from '../model/connection';
import { InMemorySecrets } from './in-memory-secrets';

/**
 * Turn `scheme://user:password@host:port/database` (from LAVA_TEST_ORACLE_URL / LAVA_TEST_MSSQL_URL)
 * into a connection spec plus a secrets double holding the password. Throws when the variable is
 * missing so an explicitly requested real-server suite can never pass vacuously.
 */
export function specFromUrl(
  envName: string,
  value: string | undefined,
  type: string,
  databaseField: string,
): { spec: ConnectionSpec; secrets: InMemorySecrets; password: string } {
  if (value === undefined || value === '') {
    throw new Error(`${envName} is not set: this real-server suite needs it (see docs/connections.md)`);
  }
  const u = new URL(value);
  const password = decodeURIComponent(u.password);
  const spec: ConnectionSpec = {
    conn_id: `${type}-test`,
    type,
    enabled: true,
    host: u.hostname,
    port: Number(u.port),
    user: decodeURIComponent(u.username),
    password: '/lava/test/pw',
    [databaseField]: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
  return { spec, secrets: new InMemorySecrets({ '/lava/test/pw': password }), password };
}
