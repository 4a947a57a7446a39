import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildLavaApp } from '../src';
import { TEST_FLEETS } from './synth-fixture';

interface ValidationReport {
  pluginReports: Array<{
    summary: { pluginName: string; status: string };
    violations: Array<{
      ruleName: string;
      description: string;
      violatingResources: Array<{ constructPath: string }>;
    }>;
  }>;
}

/** Unacknowledged AwsSolutions violations of the whole app, as `<rule id> <construct path>`. */
function nagFindings(context: Record<string, unknown> = {}): string[] {
  const outdir = mkdtempSync(join(tmpdir(), 'lava-nag-'));
  try {
    const app = new App({
      outdir,
      context: {
        '@aws-cdk/core:validationReportJson': true,
        realm: 'acme',
        imageTag: 'v1.2.3',
        fleets: TEST_FLEETS,
        ...context,
      },
    });
    buildLavaApp(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
    } catch {
      // Synthesis fails when the plugin reports violations; the report says which.
    }
    const report = JSON.parse(
      readFileSync(join(outdir, 'policy-validation-report.json'), 'utf8'),
    ) as ValidationReport;
    return report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('cdk-nag AwsSolutions', () => {
  it('the app has no unacknowledged finding', () => {
    expect(nagFindings()).toEqual([]);
  });

  it('a wildcard role pattern for aws connections (deploy context) is acknowledged with its reason', () => {
    expect(nagFindings({ brokerAssumeRoleArns: ['arn:aws:iam::*:role/lava-acme-conn-*'] })).toEqual([]);
  });

  it('the api load balancer with OIDC sign-in has no unacknowledged finding', () => {
    const oidc = {
      type: 'oidc',
      issuer: 'https://login.example.com',
      authorizationEndpoint: 'https://login.example.com/authorize',
      tokenEndpoint: 'https://login.example.com/token',
      userInfoEndpoint: 'https://login.example.com/userinfo',
      clientId: 'lava-console',
      clientSecretName: 'lava/acme/_console-oidc',
    };
    const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0d6c7f1e-1111-2222-3333-444455556666';
    expect(nagFindings({ apiCertificateArn: certificate, apiAuth: oidc })).toEqual([]);
  });
});
