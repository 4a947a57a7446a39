import { AwsError, callOperation, type JsonService } from '../contracts';
import {
  MetricStore,
  STATISTICS,
  statistic,
  type Datapoint,
  type MetricId,
  type Statistic,
} from './metric-store';

type Input = Record<string, unknown>;

/** PutMetricData limits CloudWatch enforces (the ones a client can trip over). */
const MAX_DATA = 1000;
const MAX_DIMENSIONS = 30;

/**
 * CloudWatch metrics (PutMetricData, ListMetrics, GetMetricData with `MetricStat` queries) over
 * the awsJson 1.0 protocol the current SDK speaks (`GraniteServiceVersion20100801` target).
 * Metric math expressions are refused rather than guessed.
 */
export class CloudWatchService implements JsonService {
  private readonly stores = new Map<string, MetricStore>();
  private readonly operations: Record<string, (input: Input, store: MetricStore) => Input> = {
    PutMetricData: (i, s) => this.put(i, s),
    ListMetrics: (i, s) => ({ Metrics: s.list(i as Parameters<MetricStore['list']>[0]) }),
    GetMetricData: (i, s) => this.getData(i, s),
  };

  constructor(private readonly now: () => number = Date.now) {}

  handle(operation: string, input: Input, ctx: { account: string; region: string }): Promise<Input> {
    return callOperation('CloudWatch', this.operations, operation, (op) =>
      op(input, this.store(`${ctx.account}/${ctx.region}`)),
    );
  }

  private store(key: string): MetricStore {
    let store = this.stores.get(key);
    if (!store) this.stores.set(key, (store = new MetricStore()));
    return store;
  }

  private put(input: Input, store: MetricStore): Input {
    const namespace = requireString(input.Namespace, 'Namespace');
    if (namespace.startsWith('AWS/'))
      throw invalid('The value AWS/ for parameter Namespace is invalid: reserved for AWS services.');
    const data = Array.isArray(input.MetricData) ? (input.MetricData as Input[]) : [];
    if (!data.length || data.length > MAX_DATA) throw invalid(`MetricData must hold 1 to ${MAX_DATA} items.`);
    for (const d of data) {
      const dimensions = dimensionsOf(d.Dimensions);
      const id = {
        Namespace: namespace,
        MetricName: requireString(d.MetricName, 'MetricName'),
        Dimensions: dimensions,
      };
      for (const point of datapoints(d, this.now())) store.add(id, point);
    }
    return {};
  }

  private getData(input: Input, store: MetricStore): Input {
    const start = epochMs(input.StartTime, 'StartTime');
    const end = epochMs(input.EndTime, 'EndTime');
    const queries = Array.isArray(input.MetricDataQueries) ? (input.MetricDataQueries as Input[]) : [];
    if (!queries.length) throw invalid('MetricDataQueries must not be empty.');
    const ascending = input.ScanBy === 'TimestampAscending';
    return {
      MetricDataResults: queries
        .filter((q) => q.ReturnData !== false)
        .map((q) => this.query(q, store, start, end, ascending)),
      Messages: [],
    };
  }

  private query(q: Input, store: MetricStore, start: number, end: number, ascending: boolean): Input {
    const id = requireString(q.Id, 'Id');
    if (q.Expression !== undefined)
      throw invalid(`Metric math (query ${id}) is not implemented by lava-aws-local.`);
    const stat = (q.MetricStat ?? {}) as Input;
    const metric = (stat.Metric ?? {}) as Input;
    const name = String(stat.Stat ?? '');
    if (!STATISTICS.includes(name as Statistic))
      throw invalid(`Unsupported statistic ${name} (query ${id}).`);
    const period = Number(stat.Period ?? 60) * 1000;
    const metricId: MetricId = {
      Namespace: requireString(metric.Namespace, 'Namespace'),
      MetricName: requireString(metric.MetricName, 'MetricName'),
      Dimensions: dimensionsOf(metric.Dimensions),
    };
    const buckets = new Map<number, Datapoint[]>();
    for (const p of store.points(metricId, start, end)) {
      const bucket = Math.floor(p.at / period) * period;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), p]);
    }
    const times = [...buckets.keys()].sort((a, b) => (ascending ? a - b : b - a));
    return {
      Id: id,
      Label: typeof q.Label === 'string' ? q.Label : metricId.MetricName,
      Timestamps: times.map((t) => t / 1000),
      Values: times.map((t) => statistic(name as Statistic, buckets.get(t)!)),
      StatusCode: 'Complete',
    };
  }
}

/** A datum's observations: `Value`, `Values` (with `Counts`) or a `StatisticValues` set. */
function datapoints(d: Input, now: number): Datapoint[] {
  const at = d.Timestamp === undefined ? now : epochMs(d.Timestamp, 'Timestamp');
  const unit = typeof d.Unit === 'string' ? d.Unit : undefined;
  if (typeof d.Value === 'number') return [{ at, sum: d.Value, count: 1, min: d.Value, max: d.Value, unit }];
  if (Array.isArray(d.Values)) {
    const counts = Array.isArray(d.Counts) ? (d.Counts as number[]) : [];
    return (d.Values as number[]).map((v, i) => {
      const n = counts[i] ?? 1;
      return { at, sum: v * n, count: n, min: v, max: v, unit };
    });
  }
  const s = d.StatisticValues as Input | undefined;
  if (s)
    return [
      {
        at,
        sum: Number(s.Sum),
        count: Number(s.SampleCount),
        min: Number(s.Minimum),
        max: Number(s.Maximum),
        unit,
      },
    ];
  throw invalid(`Metric ${String(d.MetricName)} has no Value, Values or StatisticValues.`);
}

function dimensionsOf(raw: unknown): { Name: string; Value: string }[] {
  const dims = Array.isArray(raw) ? (raw as Input[]) : [];
  if (dims.length > MAX_DIMENSIONS) throw invalid(`At most ${MAX_DIMENSIONS} dimensions per metric.`);
  return dims.map((d) => ({
    Name: requireString(d.Name, 'Dimension Name'),
    Value: requireString(d.Value, 'Dimension Value'),
  }));
}

/** The JSON protocol sends timestamps as epoch seconds (fractional allowed). */
function epochMs(raw: unknown, field: string): number {
  const n = typeof raw === 'number' ? raw * 1000 : Date.parse(String(raw));
  if (!Number.isFinite(n)) throw invalid(`${field} is not a timestamp.`);
  return n;
}

function requireString(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || !raw) throw new AwsError('MissingParameter', `${field} is required.`);
  return raw;
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}
