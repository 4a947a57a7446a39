import { callOperation, type JsonService, type RequestContext } from '../contracts';
import { logEventsPage } from './log-events-page';
import { LogStore, type LogGroup, type LogStream } from './log-store';
import { logsErrors } from './logs-errors';

type Input = Record<string, unknown>;
type Scope = ReturnType<LogStore['scope']>;

/**
 * CloudWatch Logs over awsJson 1.1 (`Logs_20140328`): groups, streams, PutLogEvents and
 * GetLogEvents, enough for readers of ECS `awslogs` output. Sequence tokens are accepted and
 * ignored, as the service itself has done since 2023.
 */
export class LogsService implements JsonService {
  private readonly operations: Record<string, (input: Input, scope: Scope, ctx: RequestContext) => Input>;

  constructor(readonly store: LogStore = new LogStore()) {
    this.operations = {
      CreateLogGroup: (i, s) => (this.store.createGroup(s, text(i.logGroupName)), {}),
      DeleteLogGroup: (i, s) => (
        this.store.group(s, text(i.logGroupName)),
        s.delete(text(i.logGroupName)),
        {}
      ),
      DescribeLogGroups: (i, s, c) => this.describeGroups(i, s, c),
      CreateLogStream: (i, s) => (this.store.createStream(this.groupOf(i, s), text(i.logStreamName)), {}),
      DeleteLogStream: (i, s) => {
        const group = this.groupOf(i, s);
        this.store.stream(group, text(i.logStreamName));
        group.streams.delete(text(i.logStreamName));
        return {};
      },
      DescribeLogStreams: (i, s, c) => this.describeStreams(i, s, c),
      PutLogEvents: (i, s) => this.put(i, s),
      GetLogEvents: (i, s) => this.get(i, s),
    };
  }

  handle(operation: string, input: Input, ctx: RequestContext): Promise<Input> {
    return callOperation('CloudWatch Logs', this.operations, operation, (op) =>
      op(input, this.store.scope(ctx), ctx),
    );
  }

  /** `logGroupName`, or `logGroupIdentifier` (a name or an ARN). */
  private groupOf(input: Input, scope: Scope): LogGroup {
    const identifier = input.logGroupIdentifier === undefined ? undefined : text(input.logGroupIdentifier);
    const name = identifier?.startsWith('arn:')
      ? (/:log-group:([^:]+)/.exec(identifier)?.[1] ?? '')
      : (identifier ?? text(input.logGroupName));
    return this.store.group(scope, name);
  }

  private put(input: Input, scope: Scope): Input {
    const stream = this.store.stream(this.groupOf(input, scope), text(input.logStreamName));
    const events = (Array.isArray(input.logEvents) ? input.logEvents : []) as Array<{
      timestamp: number;
      message: string;
    }>;
    if (events.length === 0 || events.length > 10_000)
      throw logsErrors.invalidParameter('logEvents must hold 1 to 10000 events');
    for (let n = 1; n < events.length; n++)
      if (events[n]!.timestamp < events[n - 1]!.timestamp)
        throw logsErrors.invalidParameter(
          'Log events in a single PutLogEvents request must be in chronological order.',
        );
    this.store.append(stream, events);
    return { nextSequenceToken: String(stream.events.length) };
  }

  private get(input: Input, scope: Scope): Input {
    const stream = this.store.stream(this.groupOf(input, scope), text(input.logStreamName));
    const start = typeof input.startTime === 'number' ? input.startTime : -Infinity;
    const end = typeof input.endTime === 'number' ? input.endTime : Infinity;
    const page = logEventsPage(
      stream.events.filter((e) => e.timestamp >= start && e.timestamp < end),
      {
        limit: input.limit as number | undefined,
        nextToken: input.nextToken as string | undefined,
        startFromHead: input.startFromHead === true,
      },
    );
    return { ...page, events: page.events.map((e) => ({ ...e })) };
  }

  private describeGroups(input: Input, scope: Scope, ctx: RequestContext): Input {
    const prefix = typeof input.logGroupNamePrefix === 'string' ? input.logGroupNamePrefix : '';
    const groups = [...scope.values()]
      .filter((g) => g.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, nextToken } = paged(groups, input, 50);
    return {
      logGroups: items.map((g) => ({
        logGroupName: g.name,
        creationTime: g.creationTime,
        retentionInDays: g.retentionInDays,
        metricFilterCount: 0,
        storedBytes: 0,
        arn: `${groupArn(ctx, g.name)}:*`,
        logGroupArn: groupArn(ctx, g.name),
      })),
      nextToken,
    };
  }

  private describeStreams(input: Input, scope: Scope, ctx: RequestContext): Input {
    const group = this.groupOf(input, scope);
    const prefix = typeof input.logStreamNamePrefix === 'string' ? input.logStreamNamePrefix : '';
    const byTime = input.orderBy === 'LastEventTime';
    if (byTime && prefix)
      throw logsErrors.invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const streams = [...group.streams.values()]
      .filter((s) => s.name.startsWith(prefix))
      .sort((a, b) => (byTime ? lastEvent(a) - lastEvent(b) : a.name.localeCompare(b.name)));
    if (input.descending === true) streams.reverse();
    const { items, nextToken } = paged(streams, input, 50);
    return {
      logStreams: items.map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        firstEventTimestamp: s.events[0]?.timestamp,
        lastEventTimestamp: s.events.at(-1)?.timestamp,
        lastIngestionTime: s.events.at(-1)?.ingestionTime,
        arn: `${groupArn(ctx, group.name)}:log-stream:${s.name}`,
        storedBytes: 0,
      })),
      nextToken,
    };
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function lastEvent(stream: LogStream): number {
  return stream.events.at(-1)?.timestamp ?? stream.creationTime;
}

function groupArn(ctx: RequestContext, name: string): string {
  return `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${name}`;
}

/** Offset paging: `nextToken` is the index of the next item. */
function paged<T>(all: T[], input: Input, max: number): { items: T[]; nextToken?: string } {
  const limit = typeof input.limit === 'number' ? input.limit : max;
  const from = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
  if (!Number.isInteger(from) || from < 0)
    throw logsErrors.invalidParameter('The specified nextToken is invalid.');
  const items = all.slice(from, from + limit);
  return { items, nextToken: from + limit < all.length ? String(from + limit) : undefined };
}
