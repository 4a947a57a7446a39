import type { Persistable, RequestContext } from '../contracts';
import { ecsErrors } from './ecs-errors';
import type { ContainerDefinition, TaskDefinition } from './ecs-model';

type Input = Record<string, unknown>;
type Scope = Map<string, TaskDefinition[]>;
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;

/** Task definition families and their revisions, per (account, region). */
export class TaskDefinitionStore implements Persistable {
  private readonly scopes = new Map<string, Scope>();

  constructor(private readonly now: () => number = Date.now) {}

  register(input: Input, ctx: RequestContext): TaskDefinition {
    const family = String(input.family ?? '');
    if (!FAMILY.test(family))
      throw ecsErrors.client(`Family "${family}" is not a valid task definition family.`);
    const containers = containerDefinitions(input.containerDefinitions);
    checkFargate(input, containers);
    const revisions = this.scope(ctx).get(family) ?? [];
    const revision = (revisions.at(-1)?.revision ?? 0) + 1;
    const definition: TaskDefinition = {
      ...input,
      family,
      revision,
      status: 'ACTIVE',
      taskDefinitionArn: `arn:aws:ecs:${ctx.region}:${ctx.account}:task-definition/${family}:${revision}`,
      containerDefinitions: containers.map((c) => ({ ...c, essential: c.essential ?? true })),
      compatibilities: input.networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
      registeredAt: this.now() / 1000,
    };
    this.scope(ctx).set(family, [...revisions, definition]);
    return definition;
  }

  /** `family` (latest ACTIVE revision), `family:revision` or a task definition ARN. */
  resolve(reference: string, ctx: RequestContext): TaskDefinition | undefined {
    const name = reference.startsWith('arn:') ? (reference.split('task-definition/')[1] ?? '') : reference;
    const [family = '', revision] = name.split(':');
    const revisions = this.scope(ctx).get(family) ?? [];
    if (revision === undefined) return revisions.filter((d) => d.status === 'ACTIVE').at(-1);
    return revisions.find((d) => d.revision === Number(revision));
  }

  deregister(reference: string, ctx: RequestContext): TaskDefinition {
    const definition = reference.includes(':') ? this.resolve(reference, ctx) : undefined;
    if (!definition) throw ecsErrors.client('The specified task definition does not exist.');
    definition.status = 'INACTIVE';
    return definition;
  }

  list(ctx: RequestContext, familyPrefix = ''): string[] {
    return [...this.scope(ctx).values()]
      .flat()
      .filter((d) => d.status === 'ACTIVE' && d.family.startsWith(familyPrefix))
      .map((d) => d.taskDefinitionArn);
  }

  private scope(ctx: Pick<RequestContext, 'account' | 'region'>): Scope {
    const key = `${ctx.account}/${ctx.region}`;
    let scope = this.scopes.get(key);
    if (!scope) this.scopes.set(key, (scope = new Map()));
    return scope;
  }

  snapshot(): unknown {
    return [...this.scopes].map(([key, scope]) => ({ key, families: [...scope] }));
  }

  restore(data: unknown): void {
    for (const { key, families } of data as Array<{
      key: string;
      families: Array<[string, TaskDefinition[]]>;
    }>)
      this.scopes.set(key, new Map(families));
  }
}

function containerDefinitions(value: unknown): ContainerDefinition[] {
  if (!Array.isArray(value) || value.length === 0) throw ecsErrors.client('Container list cannot be empty.');
  const containers = value as ContainerDefinition[];
  const names = new Set<string>();
  for (const c of containers) {
    if (!c.name || !c.image)
      throw ecsErrors.client('Container.name and Container.image should not be null or empty.');
    if (names.has(c.name)) throw ecsErrors.client(`Duplicate container name: ${c.name}`);
    names.add(c.name);
  }
  return containers;
}

/** What ECS refuses at registration for a Fargate task definition. */
function checkFargate(input: Input, containers: ContainerDefinition[]): void {
  const fargate =
    Array.isArray(input.requiresCompatibilities) && input.requiresCompatibilities.includes('FARGATE');
  if (!fargate) return;
  if (input.networkMode !== 'awsvpc') throw ecsErrors.client("Fargate only supports network mode 'awsvpc'.");
  if (!input.cpu || !input.memory)
    throw ecsErrors.client('Fargate requires that cpu and memory be defined at the task level.');
  const needsRole = containers.some((c) => c.logConfiguration?.logDriver === 'awslogs' || c.secrets?.length);
  if (needsRole && !input.executionRoleArn)
    throw ecsErrors.client(
      'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
    );
}
