import { busNameOf } from './arns';
import type { EnvelopeInput } from './event-envelope';

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

/** A PutEvents entry that passed validation, with the bus it is addressed to. */
export interface AcceptedEntry {
  busName: string;
  envelope: Omit<EnvelopeInput, 'account' | 'region'>;
}

/** A per-entry failure, reported in the response and not routed. */
export interface RejectedEntry {
  ErrorCode: string;
  ErrorMessage: string;
}

const required = (member: string): RejectedEntry => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
});

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one entry the way AWS does (Source, then DetailType, then Detail). */
export function checkEntry(raw: unknown): AcceptedEntry | RejectedEntry {
  const entry = (isPlainObject(raw) ? raw : {}) as Record<string, unknown>;
  const { Source: source, DetailType: detailType, Detail: detailText } = entry;
  if (typeof source !== 'string' || source === '') return required('Source');
  if (typeof detailType !== 'string' || detailType === '') return required('DetailType');
  if (typeof detailText !== 'string') return required('Detail');
  const detail = parseDetail(detailText);
  if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  const resources = Array.isArray(entry['Resources'])
    ? entry['Resources'].filter((r): r is string => typeof r === 'string')
    : [];
  return {
    busName: busNameOf(typeof entry['EventBusName'] === 'string' ? entry['EventBusName'] : undefined),
    envelope: { source, detailType, detail, resources, time: parseTime(entry['Time']) },
  };
}

function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const detail: unknown = JSON.parse(text);
    return isPlainObject(detail) ? detail : undefined;
  } catch {
    return undefined;
  }
}

// awsJson sends timestamps as epoch seconds; accept ISO text too (hand-written clients).
function parseTime(raw: unknown): Date | undefined {
  if (typeof raw === 'number') return new Date(raw * 1000);
  if (typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) return new Date(raw);
  return undefined;
}

/** Whole-request limits: 1–10 entries; total size below 256 KiB (AWS's size formula). */
export function requestProblem(entries: unknown): string | undefined {
  if (!Array.isArray(entries))
    return "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null";
  if (entries.length < 1)
    return "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1";
  if (entries.length > MAX_ENTRIES) {
    return `1 validation error detected: Value '[${entries.length} entries]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`;
  }
  const total = entries.reduce((sum: number, e: unknown) => sum + entrySize(e), 0);
  return total >= MAX_REQUEST_BYTES
    ? 'Total size of the entries in the request is over the limit.'
    : undefined;
}

function entrySize(raw: unknown): number {
  if (!isPlainObject(raw)) return 0;
  const bytes = (v: unknown): number => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  const resources = Array.isArray(raw['Resources'])
    ? raw['Resources'].reduce((s: number, r: unknown) => s + bytes(r), 0)
    : 0;
  return (
    (raw['Time'] !== undefined ? 14 : 0) +
    bytes(raw['Source']) +
    bytes(raw['DetailType']) +
    bytes(raw['Detail']) +
    resources
  );
}
