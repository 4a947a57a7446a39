import { AwsError } from '../contracts';
import { sqsErrors } from './sqs-errors';

type Input = Record<string, unknown>;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** Whole-request batch checks shared by the *Batch operations. */
export function batchEntries(input: Input): Input[] {
  const entries = Array.isArray(input.Entries) ? (input.Entries as Input[]) : [];
  if (entries.length === 0)
    throw sqsErrors.batch(
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    );
  if (entries.length > 10) {
    throw sqsErrors.batch(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
    );
  }
  const ids = new Set<string>();
  for (const entry of entries) {
    const id = entry.Id;
    if (typeof id !== 'string' || !BATCH_ID.test(id)) {
      throw sqsErrors.batch(
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      );
    }
    if (ids.has(id)) throw sqsErrors.batch('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    ids.add(id);
  }
  return entries;
}

export interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** A per-entry failure in AWS's shape: the awsQuery code, as the Failed list reports it. */
export function batchFailure(id: string, error: unknown): BatchFailure {
  if (error instanceof AwsError)
    return {
      Id: id,
      SenderFault: error.fault === 'Sender',
      Code: error.queryCode ?? error.code,
      Message: error.message,
    };
  return { Id: id, SenderFault: false, Code: 'InternalError', Message: String(error) };
}
