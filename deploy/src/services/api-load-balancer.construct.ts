import { CfnOutput, Duration, SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbActions from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import { Construct } from 'constructs';
import type { ApiAuthConfig, ApiDeployConfig } from '../api-config';
import { HEALTH_PORT } from '../config';
import { acknowledge } from '../nag-acknowledgements';

/** Port of the HTTP API and console in the api container (`LAVA_API_PORT`, Dockerfile ENV). */
export const API_PORT = 8090;
/** Paths forwarded without load-balancer sign-in: the token-authenticated API itself. */
export const TOKEN_PATHS = ['/api/v1/*'];

export interface ApiLoadBalancerProps {
  vpc: ec2.IVpc;
  service: ecs.FargateService;
  config: ApiDeployConfig & { certificateArn: string };
  /** DNS-safe realm name, for the load balancer's name. */
  realmDns: string;
}

/**
 * The API service behind an Application Load Balancer: HTTPS only (HTTP redirects), reachable from
 * `ingressCidrs`. Browsers reaching the console or the API documentation sign in first through the
 * configured OIDC provider or Cognito user pool; `/api/v1/*` is forwarded as is, because the API
 * demands an API token on every call there (the CLI and scripts cannot follow a sign-in redirect).
 */
export class ApiLoadBalancer extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;

  constructor(scope: Construct, id: string, props: ApiLoadBalancerProps) {
    super(scope, id);
    const { vpc, service, config } = props;
    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      loadBalancerName: `lava-${props.realmDns}-api`,
      internetFacing: !config.internal,
      dropInvalidHeaderFields: true,
    });
    acknowledge(
      this.alb,
      'AwsSolutions-ELB2',
      'Requests are recorded by the API itself (structured access lines and an audit event per operating action); ALB access logs would need a bucket without KMS encryption outside the realm bucket.',
    );
    const https = this.alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(config.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
    });
    this.alb.addListener('Http', {
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    for (const cidr of config.ingressCidrs) {
      for (const port of [443, 80])
        this.alb.connections.allowFrom(ec2.Peer.ipv4(cidr), ec2.Port.tcp(port), `clients ${cidr}`);
    }
    if (config.ingressCidrs.includes('0.0.0.0/0'))
      acknowledge(
        this.alb,
        'AwsSolutions-EC23',
        'The console and API are meant for users anywhere (apiIngressCidrs narrows it); every request needs sign-in or an API token.',
      );
    const target = new elbv2.ApplicationTargetGroup(this, 'Api', {
      vpc,
      port: API_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service.loadBalancerTarget({ containerName: 'api', containerPort: API_PORT })],
      healthCheck: { path: '/health/ready', port: String(HEALTH_PORT), healthyHttpCodes: '200' },
      deregistrationDelay: Duration.seconds(30),
    });
    service.connections.allowFrom(this.alb, ec2.Port.tcp(HEALTH_PORT), 'load balancer health checks');
    const forward = elbv2.ListenerAction.forward([target]);
    https.addAction('Api', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(TOKEN_PATHS)],
      action: forward,
    });
    https.addAction('Console', { action: this.signIn(config.auth, forward) });
    new CfnOutput(this, 'ConsoleUrl', {
      description: 'Lava web console (point a DNS name of the certificate at the load balancer)',
      value: `https://${this.alb.loadBalancerDnsName}/`,
    });
  }

  /** The listener's default action: sign-in (when configured), then forward. */
  private signIn(auth: ApiAuthConfig, next: elbv2.ListenerAction): elbv2.ListenerAction {
    switch (auth.type) {
      case 'none':
        return next;
      case 'cognito':
        return new elbActions.AuthenticateCognitoAction({
          userPool: cognito.UserPool.fromUserPoolArn(this, 'UserPool', auth.userPoolArn),
          userPoolClient: cognito.UserPoolClient.fromUserPoolClientId(this, 'Client', auth.userPoolClientId),
          userPoolDomain: cognito.UserPoolDomain.fromDomainName(this, 'Domain', auth.userPoolDomain),
          next,
        });
      case 'oidc':
        return elbv2.ListenerAction.authenticateOidc({
          issuer: auth.issuer,
          authorizationEndpoint: auth.authorizationEndpoint,
          tokenEndpoint: auth.tokenEndpoint,
          userInfoEndpoint: auth.userInfoEndpoint,
          clientId: auth.clientId,
          // A dynamic reference: the secret is resolved by CloudFormation, never in the template.
          clientSecret: SecretValue.secretsManager(auth.clientSecretName),
          next,
        });
    }
  }
}
