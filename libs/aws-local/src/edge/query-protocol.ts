import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AwsError } from '../contracts';

/** awsQuery request parameters, flattened as on the wire (`Attributes.entry.1.key`, `Tags.member.1.Key`). */
export type QueryParams = Map<string, string>;

/** A value in an awsQuery XML result: lists render as `<member>`, `XmlMap` as `<entry><key/><value/></entry>`. */
export type XmlValue =
  string | number | boolean | Date | undefined | XmlValue[] | XmlMap | { [key: string]: XmlValue };

/** A string-to-string map, rendered the awsQuery way. */
export class XmlMap {
  constructor(readonly entries: Record<string, string>) {}
}

/** A service spoken over awsQuery (SNS, STS): takes the flattened params, returns the `<Op>Result` members. */
export interface QueryService {
  readonly xmlNamespace: string;
  handle(
    action: string,
    params: QueryParams,
    ctx: import('../contracts').RequestContext,
  ): Promise<Record<string, XmlValue>>;
}

export function parseForm(body: Buffer): QueryParams {
  return new Map(new URLSearchParams(body.toString('utf8')));
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

function renderValue(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<member>${renderValue(item)}</member>`).join('');
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></entry>`)
      .join('');
  }
  if (typeof value === 'object') return renderMembers(value);
  return escapeXml(String(value));
}

/** Renders `{A: 'x', B: [..]}` as `<A>x</A><B><member>..</member></B>`, skipping undefined members. */
export function renderMembers(members: Record<string, XmlValue>): string {
  let out = '';
  for (const [name, value] of Object.entries(members)) {
    if (value === undefined) continue;
    out += `<${name}>${renderValue(value)}</${name}>`;
  }
  return out;
}

export function writeQueryResult(
  res: ServerResponse,
  ns: string,
  action: string,
  result: Record<string, XmlValue>,
): void {
  const requestId = randomUUID();
  const inner = renderMembers(result);
  const body =
    `<?xml version="1.0"?><${action}Response xmlns="${ns}">` +
    (inner ? `<${action}Result>${inner}</${action}Result>` : `<${action}Result/>`) +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  res.writeHead(200, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

/** awsQuery error: the SDK picks the exception class from `<Code>`, which must be the query code. */
export function writeQueryError(res: ServerResponse, ns: string, error: AwsError): void {
  const requestId = randomUUID();
  const body =
    `<?xml version="1.0"?><ErrorResponse xmlns="${ns}"><Error><Type>${error.fault}</Type>` +
    `<Code>${escapeXml(error.queryCode ?? error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(error.status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

/** Reads `Prefix.member.N` lists (1-based, contiguous). */
export function queryList(params: QueryParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`); i++)
    out.push(params.get(`${prefix}.member.${i}`) ?? '');
  return out;
}

/** Reads `Prefix.entry.N.key/value` string maps. */
export function queryStringMap(params: QueryParams, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 1; params.has(`${prefix}.entry.${i}.key`); i++) {
    out[params.get(`${prefix}.entry.${i}.key`) ?? ''] = params.get(`${prefix}.entry.${i}.value`) ?? '';
  }
  return out;
}
