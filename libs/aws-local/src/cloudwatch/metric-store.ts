/** One CloudWatch metric: namespace, name and its dimension set (order-insensitive). */
export interface MetricId {
  Namespace: string;
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
}

/** One stored observation (a statistic set collapses to its aggregate fields). */
export interface Datapoint {
  /** Epoch ms. */
  at: number;
  sum: number;
  count: number;
  min: number;
  max: number;
  unit?: string;
}

export type Statistic = 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount';
export const STATISTICS: readonly Statistic[] = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'];

/** The key of a metric: dimensions sorted by name, so `{A,B}` and `{B,A}` are the same metric. */
export function metricKey(id: MetricId): string {
  const dims = [...id.Dimensions].sort((a, b) => a.Name.localeCompare(b.Name));
  return JSON.stringify([id.Namespace, id.MetricName, dims.map((d) => [d.Name, d.Value])]);
}

/**
 * Datapoints per metric, kept in memory (metrics are not part of the endpoint's snapshots: a
 * restart forgets them, which tests and `npm start` never rely on).
 */
export class MetricStore {
  private readonly metrics = new Map<string, { id: MetricId; points: Datapoint[] }>();

  add(id: MetricId, point: Datapoint): void {
    const key = metricKey(id);
    let entry = this.metrics.get(key);
    if (!entry) this.metrics.set(key, (entry = { id, points: [] }));
    entry.points.push(point);
  }

  /** Metrics matching a ListMetrics filter (a dimension filter without Value matches any value). */
  list(filter: {
    Namespace?: string;
    MetricName?: string;
    Dimensions?: { Name: string; Value?: string }[];
  }): MetricId[] {
    return [...this.metrics.values()]
      .map((m) => m.id)
      .filter(
        (id) =>
          (filter.Namespace === undefined || id.Namespace === filter.Namespace) &&
          (filter.MetricName === undefined || id.MetricName === filter.MetricName) &&
          (filter.Dimensions ?? []).every((f) =>
            id.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
          ),
      );
  }

  /** Datapoints of exactly this metric between `from` (inclusive) and `to` (exclusive), epoch ms. */
  points(id: MetricId, from: number, to: number): Datapoint[] {
    return (this.metrics.get(metricKey(id))?.points ?? []).filter((p) => p.at >= from && p.at < to);
  }
}

/** The value of one statistic over a period's datapoints. */
export function statistic(stat: Statistic, points: Datapoint[]): number {
  const sum = points.reduce((s, p) => s + p.sum, 0);
  const count = points.reduce((s, p) => s + p.count, 0);
  switch (stat) {
    case 'Sum':
      return sum;
    case 'SampleCount':
      return count;
    case 'Average':
      return count ? sum / count : 0;
    case 'Minimum':
      return Math.min(...points.map((p) => p.min));
    case 'Maximum':
      return Math.max(...points.map((p) => p.max));
  }
}
