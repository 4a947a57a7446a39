import { DeployConfigError } from './errors';

/**
 * Sign-in the load balancer demands before it forwards a browser to the console (the console's
 * pages and the API documentation). Requests under `/api/v1/` are forwarded without it: API
 * clients (the CLI, scripts, the console's own calls) authenticate with API tokens, which the API
 * checks on every request whatever this says.
 */
export type ApiAuthConfig =
  | { type: 'none' }
  | {
      type: 'cognito';
      /** ARN of the Cognito user pool. */
      userPoolArn: string;
      /** App client of that pool, with a client secret and the ALB's callback URL. */
      userPoolClientId: string;
      /** The pool's domain prefix (`<domain>.auth.<region>.amazoncognito.com`). */
      userPoolDomain: string;
    }
  | {
      type: 'oidc';
      issuer: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      userInfoEndpoint: string;
      clientId: string;
      /** Secrets Manager secret (name) holding the client secret as plain text. */
      clientSecretName: string;
    };

/** The HTTP API's ECS service and its load balancer. */
export interface ApiDeployConfig {
  /** Tasks of the API service. */
  replicas: number;
  /**
   * ACM certificate of the load balancer's HTTPS listener. Without one there is no load balancer:
   * the API runs inside the VPC only (ALB sign-in needs HTTPS, and tokens never travel in clear).
   */
  certificateArn?: string;
  /** An internal load balancer (reached through a VPN or peering) instead of an internet-facing one. */
  internal: boolean;
  /** Networks allowed to reach the load balancer (443, and 80 which only redirects). */
  ingressCidrs: string[];
  auth: ApiAuthConfig;
}

type ContextReader = (key: string) => unknown;

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const HTTPS_URL = /^https:\/\/[^\s]+$/;

/** Reads `apiReplicas`, `apiCertificateArn`, `apiInternal`, `apiIngressCidrs` and `apiAuth`. */
export function readApiConfig(get: ContextReader, json: (key: string) => unknown): ApiDeployConfig {
  const replicas = Number(get('apiReplicas') ?? 2);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 10)
    throw new DeployConfigError('apiReplicas', 'must be an integer from 1 to 10');
  const certificateArn = (get('apiCertificateArn') as string | undefined) || undefined;
  if (certificateArn !== undefined && !CERTIFICATE_ARN.test(certificateArn))
    throw new DeployConfigError('apiCertificateArn', `must be an ACM certificate ARN (${CERTIFICATE_ARN})`);
  const internal = get('apiInternal') ?? false;
  if (internal !== true && internal !== false && internal !== 'true' && internal !== 'false')
    throw new DeployConfigError('apiInternal', 'must be true or false');
  const ingressCidrs = json('apiIngressCidrs') ?? ['0.0.0.0/0'];
  if (
    !Array.isArray(ingressCidrs) ||
    ingressCidrs.length === 0 ||
    ingressCidrs.some((c) => !CIDR.test(String(c)))
  )
    throw new DeployConfigError('apiIngressCidrs', 'must be a non-empty JSON array of IPv4 CIDRs');
  const auth = apiAuth(json('apiAuth'));
  if (auth.type !== 'none' && !certificateArn)
    throw new DeployConfigError('apiAuth', 'load balancer sign-in needs HTTPS: set apiCertificateArn');
  return {
    replicas,
    certificateArn,
    internal: internal === true || internal === 'true',
    ingressCidrs: ingressCidrs as string[],
    auth,
  };
}

function apiAuth(raw: unknown): ApiAuthConfig {
  if (raw === undefined) return { type: 'none' };
  if (typeof raw !== 'object' || raw === null) throw new DeployConfigError('apiAuth', 'must be an object');
  const value = raw as Record<string, unknown>;
  const need = (key: string, pattern = /^\S+$/) => {
    const v = value[key];
    if (typeof v !== 'string' || !pattern.test(v))
      throw new DeployConfigError(`apiAuth.${key}`, `must be a string matching ${pattern}`);
    return v;
  };
  switch (value.type) {
    case 'none':
      return { type: 'none' };
    case 'cognito':
      return {
        type: 'cognito',
        userPoolArn: need('userPoolArn', USER_POOL_ARN),
        userPoolClientId: need('userPoolClientId'),
        userPoolDomain: need('userPoolDomain', /^[a-z0-9-]+$/),
      };
    case 'oidc':
      return {
        type: 'oidc',
        issuer: need('issuer', HTTPS_URL),
        authorizationEndpoint: need('authorizationEndpoint', HTTPS_URL),
        tokenEndpoint: need('tokenEndpoint', HTTPS_URL),
        userInfoEndpoint: need('userInfoEndpoint', HTTPS_URL),
        clientId: need('clientId'),
        clientSecretName: need('clientSecretName'),
      };
    default:
      throw new DeployConfigError('apiAuth.type', 'must be none, cognito or oidc');
  }
}
