import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AwsError } from '../contracts';

/** The one key pair allowed to call SSM and Secrets Manager (the realm's services and admins). */
export interface SecretsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Services whose every request must carry a valid SigV4 signature by the guarded key. KMS is one:
 * a job holding a secure state blob or a SecureString ciphertext must not decrypt it itself.
 */
export const GUARDED_SERVICES: readonly string[] = ['ssm', 'secretsmanager', 'kms'];

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * Checks the request's AWS Signature Version 4 (header form, as every SDK v3 JSON call sends it)
 * against `creds`, so on a local realm a job without the realm's credentials cannot read SSM
 * parameters or Secrets Manager secrets (the grant keyring among them), exactly as IAM stops a job
 * without the broker's role in AWS. Throws AccessDeniedException saying what is wrong.
 */
export function assertSignedBy(
  req: IncomingMessage,
  body: Buffer,
  creds: SecretsCredentials,
  hint: string,
): void {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
  if (!auth) throw denied(`requests to SSM and Secrets Manager must be signed (SigV4). ${hint}`);
  const [, keyId, scope, signedHeaders, signature] = auth as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (keyId !== creds.accessKeyId)
    throw denied(`access key ${keyId} may not read SSM or Secrets Manager here. ${hint}`);
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const when = Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (!Number.isFinite(when) || Math.abs(Date.now() - when) > MAX_CLOCK_SKEW_MS)
    throw denied('request signature date is missing or more than 15 minutes off');
  const expected = sign(creds.secretAccessKey, scope, amzDate, canonicalRequest(req, body, signedHeaders));
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature)))
    throw denied(`request signature does not match. ${hint}`);
}

function canonicalRequest(req: IncomingMessage, body: Buffer, signedHeaders: string): string {
  const url = new URL(req.url ?? '/', 'http://edge');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join('&');
  const headers = signedHeaders
    .split(';')
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payload =
    String(req.headers['x-amz-content-sha256'] ?? '') || createHash('sha256').update(body).digest('hex');
  return [req.method, url.pathname, query, headers, signedHeaders, payload].join('\n');
}

function sign(secret: string, scope: string, amzDate: string, canonical: string): string {
  const [date, region, service] = scope.split('/');
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`)
    .update(date ?? '')
    .digest();
  for (const part of [region ?? '', service ?? '', 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex');
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function denied(message: string): AwsError {
  return new AwsError('AccessDeniedException', message, 400);
}
