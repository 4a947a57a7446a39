import { isIP } from 'node:net';
import { isPlainObject, type JsonMap } from '../models/json';
import { TriggerEventError } from './trigger-errors';

/** Canonical event info, the `info` of trigger templates. */
export interface S3EventInfo {
  bucket: string;
  /** Notification keys are URL-decoded (`+` is a space); EventBridge keys are taken as they are. */
  key: string;
  /** Bytes; `null` when the event has none (deletions), so `if_size_gt` is then false. */
  size: number | null;
  source_ip: string | null;
  /** ISO 8601 as the event gave it. */
  event_time: string | null;
  /** `ObjectCreated:Put` (notification) or `ObjectCreated:PutObject` (EventBridge). */
  event_type: string;
  aws_region: string | null;
}

/** One S3 object event read from a trigger-queue message. */
export interface S3EventRecord {
  info: S3EventInfo;
  /** The raw record (notification record or whole EventBridge event): `event` in templates. */
  event: JsonMap;
  form: 'notification' | 'eventbridge';
  /**
   * Identity of the object change, the same however often the event is delivered: S3's
   * `sequencer` (ordered per key) when present, else the event time and size.
   */
  change_id: string;
}

/**
 * Reads every S3 object event in a trigger-queue message body: an EventBridge
 * `Object Created`/`Object Deleted` event, a `{"Records": [...]}` notification (directly, or
 * wrapped in SQS `body` / SNS `Sns.Message` records, or an SNS-to-SQS `Notification`). S3's
 * `s3:TestEvent` yields no record.
 *
 * @example readS3Events('{"detail-type":"Object Created","detail":{...}}')[0].info.event_type === 'ObjectCreated:PutObject'
 * @throws TriggerEventError when the body is no S3 event of any known form.
 */
export function readS3Events(body: unknown, defaultRegion?: string): S3EventRecord[] {
  const json = typeof body === 'string' ? parseJson(body) : body;
  if (!isPlainObject(json)) throw new TriggerEventError(`Cannot determine event format: ${preview(json)}`);
  if (json.Event === 's3:TestEvent') return [];
  if (json.Type === 'Notification' && typeof json.Message === 'string')
    return readS3Events(json.Message, defaultRegion);
  if ('detail-type' in json) return [fromEventBridge(json, defaultRegion)];
  if (Array.isArray(json.Records)) return json.Records.flatMap((r) => fromRecord(r, defaultRegion));
  throw new TriggerEventError(`Cannot determine event format: ${preview(json)}`);
}

function fromRecord(record: unknown, defaultRegion?: string): S3EventRecord[] {
  const r = isPlainObject(record) ? record : {};
  const source = r.eventSource ?? r.EventSource;
  if (source === 'aws:sqs' && typeof r.body === 'string') return readS3Events(r.body, defaultRegion);
  if (source === 'aws:sns' && isPlainObject(r.Sns) && typeof r.Sns.Message === 'string')
    return readS3Events(r.Sns.Message, defaultRegion);
  if (source === 'aws:s3') return [fromNotification(r, defaultRegion)];
  throw new TriggerEventError(`Event source ${String(source ?? 'unknown')} not supported`);
}

function fromNotification(r: Record<string, unknown>, defaultRegion?: string): S3EventRecord {
  const s3 = isPlainObject(r.s3) ? r.s3 : {};
  const bucket = isPlainObject(s3.bucket) ? s3.bucket.name : undefined;
  const object = isPlainObject(s3.object) ? s3.object : {};
  if (typeof bucket !== 'string' || typeof object.key !== 'string' || typeof r.eventName !== 'string') {
    throw new TriggerEventError('S3 notification record lacks s3.bucket.name, s3.object.key or eventName');
  }
  const params = isPlainObject(r.requestParameters) ? r.requestParameters : {};
  const info: S3EventInfo = {
    bucket,
    key: unquotePlus(object.key),
    size: sizeOf(object.size),
    source_ip: ipOf(params.sourceIPAddress),
    event_time: typeof r.eventTime === 'string' ? r.eventTime : null,
    event_type: r.eventName,
    aws_region: typeof r.awsRegion === 'string' ? r.awsRegion : (defaultRegion ?? null),
  };
  return { info, event: r as JsonMap, form: 'notification', change_id: changeId(object.sequencer, info) };
}

function fromEventBridge(e: Record<string, unknown>, defaultRegion?: string): S3EventRecord {
  const d = isPlainObject(e.detail) ? e.detail : {};
  const bucket = isPlainObject(d.bucket) ? d.bucket.name : undefined;
  const object = isPlainObject(d.object) ? d.object : {};
  if (typeof bucket !== 'string' || typeof object.key !== 'string') {
    throw new TriggerEventError(
      `EventBridge event ${String(e['detail-type'])} lacks detail.bucket.name or detail.object.key`,
    );
  }
  const info: S3EventInfo = {
    bucket,
    key: object.key,
    size: sizeOf(object.size),
    source_ip: ipOf(d['source-ip-address']),
    event_time: typeof e.time === 'string' ? e.time : null,
    // `Object Created` + `PutObject` → `ObjectCreated:PutObject` (spaces removed, as the original).
    event_type: `${String(e['detail-type'])}:${String(d.reason ?? '')}`.replace(/\s+/g, ''),
    aws_region: typeof e.region === 'string' ? e.region : (defaultRegion ?? null),
  };
  return { info, event: e as JsonMap, form: 'eventbridge', change_id: changeId(object.sequencer, info) };
}

function changeId(sequencer: unknown, info: S3EventInfo): string {
  return typeof sequencer === 'string' && sequencer
    ? `seq:${sequencer}`
    : `at:${info.event_time ?? ''}:${info.size ?? ''}`;
}

function sizeOf(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** The IP address in S3's text (which may carry a port or other noise), or null. */
function ipOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (isIP(value)) return value;
  const v4 = /\d{1,3}(?:\.\d{1,3}){3}/.exec(value)?.[0];
  return v4 && isIP(v4) ? v4 : null;
}

/** Python's `unquote_plus`: `+` is a space, `%xx` sequences are decoded, bad ones kept. */
export function unquotePlus(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new TriggerEventError(`Malformed JSON: ${(e as Error).message}`);
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? text.slice(0, 197) + '...' : text;
}
