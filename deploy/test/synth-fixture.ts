import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildLavaApp, type LavaStacks } from '../src';

/** Two fleets of different sizes, as a real deployment would have. */
export const TEST_FLEETS = [
  {
    name: 'core',
    cpu: 1024,
    memoryMiB: 2048,
    minTasks: 1,
    maxTasks: 10,
    concurrency: 16,
    backlogPerTask: 32,
  },
  {
    name: 'batch',
    cpu: 4096,
    memoryMiB: 8192,
    minTasks: 0,
    maxTasks: 4,
    concurrency: 4,
    backlogPerTask: 4,
    maxReceiveCount: 5,
    queueDepthAlarm: 0,
  },
];

export interface Synthesized {
  stacks: LavaStacks;
  realm: Template;
  services: Template;
}

/** Synthesizes the app for realm `acme` (once per test file: synthesis takes seconds). */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const app = new App({
    context: { realm: 'acme', imageTag: 'v1.2.3', fleets: TEST_FLEETS, ...context },
  });
  const stacks = buildLavaApp(app);
  return { stacks, realm: Template.fromStack(stacks.realm), services: Template.fromStack(stacks.services) };
}

/** Logical id of the single resource of `type` whose properties contain `props`. */
export function logicalId(template: Template, type: string, props: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, { Properties: props }));
  if (found.length !== 1)
    throw new Error(`expected one ${type} matching ${JSON.stringify(props)}, found ${found.length}`);
  return found[0]!;
}
