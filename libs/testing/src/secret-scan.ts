import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { realmNames, type AwsClients } from '@lava/aws';

/** Everything a secret-leak check looks through. Every field is optional. */
export interface SecretScanSources {
  /** Captured log lines (service loggers' sinks, child process output). */
  logs?: readonly string[];
  /** Bus events as received (e.g. `TestRealm.auditEvents()`), in any shape. */
  events?: readonly unknown[];
  /** Errors or error texts callers saw (API bodies, job failure info). */
  errors?: ReadonlyArray<unknown>;
  /** A realm whose events table, state table and default bucket are read in full. */
  realm?: { realm: string; clients: AwsClients };
  /** Extra buckets (whole) to read, e.g. a payload or output bucket outside the realm default. */
  buckets?: readonly string[];
}

/** One place a secret was found. */
export interface SecretSighting {
  where: string;
  /** A short excerpt with the secret masked, so a failing test never prints the secret itself. */
  excerpt: string;
}

/**
 * Looks for `secret` (raw, JSON-escaped and URL-encoded) in logs, events, errors, the realm's
 * events/state tables and S3 objects. Returns every sighting; an empty list means clean.
 *
 * @example expect(await findSecret(password, { logs, events: await realm.auditEvents(), realm })).toEqual([])
 */
export async function findSecret(secret: string, sources: SecretScanSources): Promise<SecretSighting[]> {
  if (secret.length < 6)
    throw new RangeError('findSecret needs a distinctive secret (at least 6 characters)');
  const forms = secretForms(secret);
  const hits: SecretSighting[] = [];
  const check = (where: string, text: string) => {
    for (const form of forms) {
      const at = text.indexOf(form);
      if (at >= 0) hits.push({ where, excerpt: excerpt(text, at, form) });
    }
  };
  (sources.logs ?? []).forEach((line, i) => check(`log line ${i + 1}`, line));
  (sources.events ?? []).forEach((e, i) => check(`event ${i + 1}`, asText(e)));
  (sources.errors ?? []).forEach((e, i) => check(`error ${i + 1}`, asText(e)));
  if (sources.realm) {
    const { realm, clients } = sources.realm;
    const names = realmNames(realm);
    for (const table of [names.tables.events, names.tables.state]) {
      for (const item of await scanTable(clients, table)) check(`${table} item`, JSON.stringify(item));
    }
    await scanBucket(clients, names.bucket, check);
  }
  for (const bucket of sources.buckets ?? []) await scanBucket(clients(sources), bucket, check);
  return hits;
}

function clients(sources: SecretScanSources): AwsClients {
  if (!sources.realm) throw new Error('findSecret: buckets need realm.clients');
  return sources.realm.clients;
}

function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [...new Set([secret, json, encodeURIComponent(secret)])];
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error)
    return `${value.name}: ${value.message}\n${value.stack ?? ''}\n${asText((value as { cause?: unknown }).cause ?? '')}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function excerpt(text: string, at: number, form: string): string {
  const before = text.slice(Math.max(0, at - 40), at);
  const after = text.slice(at + form.length, at + form.length + 40);
  return `${before}<SECRET>${after}`;
}

async function scanTable(clients: AwsClients, table: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await clients.dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Array<Record<string, unknown>>));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

async function scanBucket(
  clients: AwsClients,
  bucket: string,
  check: (where: string, text: string) => void,
): Promise<void> {
  let token: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const obj of page.Contents ?? []) {
      const body = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: obj.Key! }));
      check(
        `s3://${bucket}/${obj.Key}`,
        Buffer.from(await body.Body!.transformToByteArray()).toString('utf8'),
      );
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
