import type { Persistable, RequestContext } from '../contracts';
import { logsErrors } from './logs-errors';

/** One event as CloudWatch Logs keeps it. */
export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogStream {
  name: string;
  creationTime: number;
  /** Kept in timestamp order (PutLogEvents batches are chronological; batches may interleave). */
  events: LogEvent[];
}

export interface LogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
}

type Scope = Map<string, LogGroup>;
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

/**
 * The log groups, streams and events of every (account, region). Both the CloudWatch Logs API
 * (logs-service.ts) and the ECS emulation's awslogs driver write here.
 */
export class LogStore implements Persistable {
  private readonly scopes = new Map<string, Scope>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Called after events are appended outside an API request (awslogs), so persistence sees them. */
    private readonly onAppend: () => void = () => undefined,
  ) {}

  scope(ctx: Pick<RequestContext, 'account' | 'region'>): Scope {
    const key = `${ctx.account}/${ctx.region}`;
    let scope = this.scopes.get(key);
    if (!scope) this.scopes.set(key, (scope = new Map()));
    return scope;
  }

  createGroup(scope: Scope, name: string): LogGroup {
    if (!GROUP_NAME.test(name)) throw logsErrors.invalidParameter(`Invalid log group name: ${name}`);
    if (scope.has(name)) throw logsErrors.exists('log group');
    const group: LogGroup = { name, creationTime: this.now(), streams: new Map() };
    scope.set(name, group);
    return group;
  }

  group(scope: Scope, name: string): LogGroup {
    const group = scope.get(name);
    if (!group) throw logsErrors.groupNotFound();
    return group;
  }

  createStream(group: LogGroup, name: string): LogStream {
    if (!STREAM_NAME.test(name)) throw logsErrors.invalidParameter(`Invalid log stream name: ${name}`);
    if (group.streams.has(name)) throw logsErrors.exists('log stream');
    const stream: LogStream = { name, creationTime: this.now(), events: [] };
    group.streams.set(name, stream);
    return stream;
  }

  stream(group: LogGroup, name: string): LogStream {
    const stream = group.streams.get(name);
    if (!stream) throw logsErrors.streamNotFound();
    return stream;
  }

  /** Appends events, keeping the stream in timestamp order (stable for equal timestamps). */
  append(stream: LogStream, events: ReadonlyArray<{ timestamp: number; message: string }>): void {
    const ingestionTime = this.now();
    for (const e of events) {
      const event = { timestamp: e.timestamp, message: e.message, ingestionTime };
      let at = stream.events.length;
      while (at > 0 && stream.events[at - 1]!.timestamp > e.timestamp) at--;
      stream.events.splice(at, 0, event);
    }
    this.onAppend();
  }

  snapshot(): unknown {
    return [...this.scopes].map(([key, scope]) => ({
      key,
      groups: [...scope.values()].map((g) => ({ ...g, streams: [...g.streams.values()] })),
    }));
  }

  restore(data: unknown): void {
    const saved = data as Array<{
      key: string;
      groups: Array<Omit<LogGroup, 'streams'> & { streams: LogStream[] }>;
    }>;
    for (const { key, groups } of saved)
      this.scopes.set(
        key,
        new Map(groups.map((g) => [g.name, { ...g, streams: new Map(g.streams.map((s) => [s.name, s])) }])),
      );
  }
}
