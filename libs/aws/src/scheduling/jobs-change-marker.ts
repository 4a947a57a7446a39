import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StateTableStore } from '../repositories/table-repository';

/** State id of the marker (`lava*` state ids are reserved for Lava itself). */
export const JOBS_CHANGED_ID = 'lava.jobs/changed';

/**
 * The "jobs changed" nudge: a counter item in the realm state table that writers of the jobs
 * table (`lava job put`/`delete`) bump after writing. Schedulers read it every second (one
 * strongly consistent GetItem) and reload changed jobs at once when it moves, so an edit applies
 * within about a second without scanning the jobs table that often.
 *
 * @example await new JobsChangeMarker(clients.dynamo, 'acme').touch();
 */
export class JobsChangeMarker extends StateTableStore {
  /** Bumps the marker (call after jobs were written or deleted). */
  async touch(): Promise<void> {
    await this.run(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { state_id: JOBS_CHANGED_ID },
          UpdateExpression: 'SET changed_at = :t ADD version :one',
          ExpressionAttributeValues: { ':t': this.now().toISOString(), ':one': 1 },
        }),
      ),
    );
  }

  /** The marker's version (0 when never bumped), read strongly consistently. */
  async version(): Promise<number> {
    const out = await this.run(() =>
      this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { state_id: JOBS_CHANGED_ID },
          ConsistentRead: true,
        }),
      ),
    );
    return Number(out.Item?.version ?? 0);
  }
}
