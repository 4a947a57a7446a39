import { Match } from 'aws-cdk-lib/assertions';
import { readDeployConfig } from '../src/config';
import { synthesize } from './synth-fixture';

// The HTTP API and console in the CDK app: its Fargate service, the load balancer in front of it
// and the sign-in the load balancer demands of browsers.
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0d6c7f1e-1111-2222-3333-444455556666';
const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';
const OIDC = {
  type: 'oidc',
  issuer: 'https://login.example.com',
  authorizationEndpoint: 'https://login.example.com/authorize',
  tokenEndpoint: 'https://login.example.com/token',
  userInfoEndpoint: 'https://login.example.com/userinfo',
  clientId: 'lava-console',
  clientSecretName: 'lava/acme/_console-oidc',
};

const listenerRules = (t: ReturnType<typeof synthesize>['services']) =>
  Object.values(t.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
const httpsListener = (t: ReturnType<typeof synthesize>['services']) =>
  Object.values(
    t.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Protocol: 'HTTPS' } }),
  )[0]!;

describe('the api service', () => {
  const { services } = synthesize();

  it('runs the API image on Fargate with two tasks, tokens required, listening on its container port', () => {
    services.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'lava-acme-api', DesiredCount: 2 });
    services.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'lava-acme-api',
      ContainerDefinitions: [
        Match.objectLike({
          Image: 'lava/api:v1.2.3',
          Environment: Match.arrayWith([
            { Name: 'LAVA_API_HOST', Value: '0.0.0.0' },
            { Name: 'LAVA_API_PORT', Value: '8090' },
            { Name: 'LAVA_API_AUTH', Value: 'tokens' },
          ]),
          PortMappings: [
            Match.objectLike({ ContainerPort: 8080 }),
            Match.objectLike({ ContainerPort: 8090 }),
          ],
        }),
      ],
    });
  });

  it('has no load balancer without a certificate (tokens never cross the network in clear)', () => {
    services.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
  });

  it('refuses sign-in without a certificate, and unknown sign-in types', () => {
    const read = (ctx: Record<string, unknown>) => () => readDeployConfig((k) => ctx[k]);
    expect(read({ apiAuth: OIDC })).toThrow(/apiAuth.*apiCertificateArn/);
    expect(read({ apiCertificateArn: CERT, apiAuth: { type: 'saml' } })).toThrow(/apiAuth.type/);
    expect(read({ apiCertificateArn: 'arn:aws:acm:eu-west-1:1:certificate/x' })).toThrow(/apiCertificateArn/);
    expect(read({ apiCertificateArn: CERT, apiAuth: { ...OIDC, issuer: 'http://plain' } })).toThrow(
      /apiAuth.issuer/,
    );
  });
});

describe('the api load balancer with OIDC sign-in', () => {
  const { services } = synthesize({ apiCertificateArn: CERT, apiAuth: OIDC });

  it('is internet-facing, HTTPS with the certificate, HTTP only redirecting', () => {
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'lava-acme-api',
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: CERT }],
    });
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [
        { Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) },
      ],
    });
  });

  it('signs browsers in through the OIDC provider before the console, the secret a dynamic reference', () => {
    const actions = httpsListener(services).Properties.DefaultActions as Record<string, any>[];
    expect(actions.map((a) => a.Type)).toEqual(['authenticate-oidc', 'forward']);
    expect(actions[0]!.AuthenticateOidcConfig).toMatchObject({
      Issuer: OIDC.issuer,
      ClientId: 'lava-console',
      ClientSecret: '{{resolve:secretsmanager:lava/acme/_console-oidc:SecretString:::}}',
    });
  });

  it('forwards /api/v1/* without sign-in: the API demands a token there', () => {
    const rules = listenerRules(services);
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.Conditions).toEqual([
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/v1/*'] } },
    ]);
    expect(rules[0]!.Properties.Actions.map((a: { Type: string }) => a.Type)).toEqual(['forward']);
  });

  it('targets the API port, health-checked on the health port, reachable only from the load balancer', () => {
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8090,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health/ready',
      HealthCheckPort: '8080',
    });
    const ingress = Object.values(services.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties as { FromPort: number; SourceSecurityGroupId?: unknown; CidrIp?: string },
    );
    const toTasks = ingress.filter((i) => i.FromPort === 8090 || i.FromPort === 8080);
    expect(toTasks.length).toBe(2);
    for (const rule of toTasks) expect(rule.CidrIp).toBeUndefined();
  });
});

describe('the api load balancer with Cognito sign-in, internal, narrowed ingress', () => {
  const { services } = synthesize({
    apiCertificateArn: CERT,
    apiInternal: 'true',
    apiIngressCidrs: '["10.20.0.0/16"]',
    apiAuth: { type: 'cognito', userPoolArn: POOL, userPoolClientId: 'abc123', userPoolDomain: 'acme-lava' },
  });

  it('authenticates through the user pool, then forwards', () => {
    const actions = httpsListener(services).Properties.DefaultActions as Record<string, any>[];
    expect(actions.map((a) => a.Type)).toEqual(['authenticate-cognito', 'forward']);
    expect(actions[0]!.AuthenticateCognitoConfig).toMatchObject({
      UserPoolArn: POOL,
      UserPoolClientId: 'abc123',
      UserPoolDomain: 'acme-lava',
    });
  });

  it('is internal and admits only the configured network', () => {
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    const groups = Object.values(services.findResources('AWS::EC2::SecurityGroup'))
      .flatMap((g) => (g.Properties.SecurityGroupIngress ?? []) as { CidrIp?: string; FromPort: number }[])
      .filter((r) => r.FromPort === 443 || r.FromPort === 80);
    expect(groups.map((r) => r.CidrIp).sort()).toEqual(['10.20.0.0/16', '10.20.0.0/16']);
  });
});
