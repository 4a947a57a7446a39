import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// What `npx cdk synth` runs: the cdk.json app command with cdk.json's context, no account, no
// region, no network. The CLI passes context and output dir through these two variables.
const DEPLOY = join(__dirname, '..');
const cdkJson = JSON.parse(readFileSync(join(DEPLOY, 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

describe('the cdk.json app', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'lava-cdk-out-'));
    const [command, ...args] = cdkJson.app.split(' ');
    expect(command).toBe('node');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CDK_OUTDIR: out,
      CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context),
    };
    delete env.AWS_REGION;
    delete env.AWS_DEFAULT_REGION;
    execFileSync(process.execPath, args, { cwd: DEPLOY, env, stdio: 'pipe' });
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('synthesizes the realm and services stacks of the demo realm', () => {
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.template.json'))
        .sort(),
    ).toEqual(['LavaRealm-demo.template.json', 'LavaServices-demo.template.json']);
  });

  it('uses the two worker fleets of cdk.json', () => {
    const services = readFileSync(join(out, 'LavaServices-demo.template.json'), 'utf8');
    expect(services).toContain('"lava-demo-worker-core"');
    expect(services).toContain('"lava-demo-worker-batch"');
  });
});
