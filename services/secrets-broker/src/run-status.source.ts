import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '@lava/aws';

/** Where the broker learns whether a run is still going. */
export interface RunStatusSource {
  /** `running`, a terminal status, or undefined when no worker has claimed the run. */
  status(runId: string): Promise<string | undefined>;
}

/**
 * Reads the run ledger item the worker keeps in the realm state table (`lava.run/<run_id>`,
 * `run_status` running|<terminal>). Consistent read: a grant must stop working the moment the
 * worker marks its run finished.
 */
export class LedgerRunStatus implements RunStatusSource {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
  ) {
    this.table = realmNames(realm).tables.state;
  }

  async status(runId: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { state_id: `lava.run/${runId}` }, ConsistentRead: true }),
    );
    const status = out.Item?.run_status;
    return typeof status === 'string' ? status : undefined;
  }
}
