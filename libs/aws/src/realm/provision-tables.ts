import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableStatus,
} from '@aws-sdk/client-dynamodb';
import { pollUntil, type PollOptions } from '@lava/errors';
import { awsErrorCode, isNotFound, translateAwsError } from '../errors';
import type { ProvisionStep } from './provision-report';
import type { TableDefinition } from './table-definitions';

/** What `describeTable` reports: status and the names of its secondary indexes. */
export interface TableState {
  status: TableStatus | undefined;
  indexes: string[];
}

/** Status and indexes of a table, or `undefined` when it does not exist. */
export async function describeTable(db: DynamoDBClient, name: string): Promise<TableState | undefined> {
  try {
    const t = (await db.send(new DescribeTableCommand({ TableName: name }))).Table;
    const indexes = [...(t?.GlobalSecondaryIndexes ?? []), ...(t?.LocalSecondaryIndexes ?? [])].map(
      (i) => i.IndexName ?? '',
    );
    return { status: t?.TableStatus, indexes };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw translateAwsError(err, `table ${name}`);
  }
}

/** Current status of a table, or `undefined` when it does not exist. */
export async function tableStatus(db: DynamoDBClient, name: string): Promise<TableStatus | undefined> {
  return (await describeTable(db, name))?.status;
}

/**
 * How long to wait for a table: a real one can take a minute or two, a local endpoint finishes
 * in milliseconds, so the delay starts small and doubles. Describe errors are not retried: they
 * are already translated, and a permanent one (access denied) should not wait for the deadline.
 */
const TABLE_WAIT: PollOptions = {
  timeoutMs: 300_000,
  intervalMs: 25,
  maxIntervalMs: 2_000,
  retryErrors: false,
};

async function waitActive(db: DynamoDBClient, name: string, poll?: PollOptions): Promise<void> {
  await pollUntil(async () => ((await tableStatus(db, name)) === 'ACTIVE' ? true : undefined), {
    what: `table ${name} ACTIVE`,
    ...TABLE_WAIT,
    ...poll,
  });
}

async function createTable(db: DynamoDBClient, def: TableDefinition): Promise<boolean> {
  try {
    await db.send(new CreateTableCommand(def.input));
    return true;
  } catch (err) {
    // Another `realm create` raced us to it: the table exists, which is all we want.
    if (awsErrorCode(err) === 'ResourceInUseException') return false;
    throw translateAwsError(err, `table ${def.input.TableName}`);
  }
}

/** Switch TTL on; returns whether it changed, or `unsupported` for endpoints without TTL. */
async function ensureTtl(
  db: DynamoDBClient,
  name: string,
  attribute: string,
): Promise<boolean | 'unsupported'> {
  try {
    const out = await db.send(new DescribeTimeToLiveCommand({ TableName: name }));
    const desc = out.TimeToLiveDescription;
    if (
      desc?.AttributeName === attribute &&
      (desc.TimeToLiveStatus === 'ENABLED' || desc.TimeToLiveStatus === 'ENABLING')
    ) {
      return false;
    }
    await db.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    );
    return true;
  } catch (err) {
    // Some local endpoints (dynalite) lack TTL. Expiry is housekeeping, not correctness:
    // readers check `ttl` themselves, so the realm still works there.
    if (awsErrorCode(err) === 'UnknownOperationException') return 'unsupported';
    throw translateAwsError(err, `table ${name}`);
  }
}

/**
 * Create a table unless it exists, wait until it is ACTIVE, then switch TTL on when the
 * definition asks for it. Safe to run concurrently and repeatedly.
 */
export async function ensureTable(
  db: DynamoDBClient,
  def: TableDefinition,
  poll?: PollOptions,
): Promise<ProvisionStep[]> {
  const name = def.input.TableName ?? '';
  const existed = (await tableStatus(db, name)) !== undefined;
  const created = !existed && (await createTable(db, def));
  await waitActive(db, name, poll);
  const step: ProvisionStep = { kind: 'table', name, action: created ? 'created' : 'exists' };
  const ttl = def.ttlAttribute ? await ensureTtl(db, name, def.ttlAttribute) : false;
  if (ttl === 'unsupported') step.note = `TTL on "${def.ttlAttribute}" not supported by this endpoint`;
  else if (ttl && !created) step.action = 'updated';
  return [step];
}
