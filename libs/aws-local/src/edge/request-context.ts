import type { IncomingMessage } from 'node:http';
import type { RequestContext } from '../contracts';

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT = '000000000000';

/** The SigV4 credential scope of a request (header or presigned query), when it has one. */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Reads `Credential=AKID/DATE/REGION/SERVICE/aws4_request` from the Authorization header or `X-Amz-Credential`. */
export function credentialScope(req: IncomingMessage): CredentialScope | undefined {
  const auth = req.headers.authorization;
  let match = auth ? SCOPE.exec(auth) : null;
  if (!match && req.url && req.url.includes('X-Amz-Credential=')) {
    const query = new URL(req.url, 'http://x').searchParams.get('X-Amz-Credential');
    if (query) match = SCOPE.exec(`Credential=${query}`);
  }
  if (!match) return undefined;
  return { accessKeyId: match[1] ?? '', region: match[2] ?? DEFAULT_REGION, service: match[3] ?? '' };
}

/** Region from the scope; account = the access key when it is 12 digits (LocalStack's rule), else the default. */
export function requestContext(req: IncomingMessage, scope: CredentialScope | undefined): RequestContext {
  const key = scope?.accessKeyId ?? '';
  return {
    region: scope?.region || DEFAULT_REGION,
    account: /^\d{12}$/.test(key) ? key : DEFAULT_ACCOUNT,
    host: req.headers.host ?? '127.0.0.1',
    protocol: 'http',
    sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
  };
}
