import { CloudWatchService } from './cloudwatch-service';

const ctx = { account: '000000000000', region: 'us-east-1' };
const at = (iso: string) => Date.parse(iso) / 1000;

describe('CloudWatchService (PutMetricData, ListMetrics, GetMetricData)', () => {
  const cw = () => new CloudWatchService(() => Date.parse('2026-01-01T00:10:00Z'));
  const dims = [
    { Name: 'Realm', Value: 'r' },
    { Name: 'Job', Value: 'j' },
  ];

  it('aggregates datapoints per period and statistic, newest first by default', async () => {
    const s = cw();
    await s.handle(
      'PutMetricData',
      {
        Namespace: 'Lava',
        MetricData: [
          { MetricName: 'RunTime', Dimensions: dims, Value: 2, Timestamp: at('2026-01-01T00:00:10Z') },
          {
            MetricName: 'RunTime',
            Dimensions: [...dims].reverse(),
            Value: 4,
            Timestamp: at('2026-01-01T00:00:50Z'),
          },
          {
            MetricName: 'RunTime',
            Dimensions: dims,
            Values: [10],
            Counts: [2],
            Timestamp: at('2026-01-01T00:01:10Z'),
          },
        ],
      },
      ctx,
    );
    const query = (Stat: string) => ({
      Id: Stat.toLowerCase(),
      MetricStat: {
        Metric: { Namespace: 'Lava', MetricName: 'RunTime', Dimensions: dims },
        Period: 60,
        Stat,
      },
    });
    const out = await s.handle(
      'GetMetricData',
      {
        StartTime: at('2026-01-01T00:00:00Z'),
        EndTime: at('2026-01-01T01:00:00Z'),
        MetricDataQueries: ['Sum', 'Average', 'Maximum', 'SampleCount'].map(query),
      },
      ctx,
    );
    const results = out.MetricDataResults as Array<{ Id: string; Timestamps: number[]; Values: number[] }>;
    expect(results.map((r) => [r.Id, r.Values])).toEqual([
      ['sum', [20, 6]],
      ['average', [10, 3]],
      ['maximum', [10, 4]],
      ['samplecount', [2, 2]],
    ]);
    expect(results[0]!.Timestamps).toEqual([at('2026-01-01T00:01:00Z'), at('2026-01-01T00:00:00Z')]);
  });

  it('lists metrics by namespace, name and dimension filter', async () => {
    const s = cw();
    await s.handle(
      'PutMetricData',
      {
        Namespace: 'Lava',
        MetricData: [
          { MetricName: 'JobFailed', Dimensions: dims, Value: 0 },
          {
            MetricName: 'RunDelay',
            Dimensions: [
              { Name: 'Realm', Value: 'r' },
              { Name: 'Worker', Value: 'w' },
            ],
            Value: 1,
          },
        ],
      },
      ctx,
    );
    const list = async (filter: Record<string, unknown>) =>
      ((await s.handle('ListMetrics', filter, ctx)).Metrics as Array<{ MetricName: string }>).map(
        (m) => m.MetricName,
      );
    expect(await list({ Namespace: 'Lava' })).toEqual(['JobFailed', 'RunDelay']);
    expect(await list({ Namespace: 'Lava', Dimensions: [{ Name: 'Worker' }] })).toEqual(['RunDelay']);
    expect(await list({ Namespace: 'Other' })).toEqual([]);
  });

  it('refuses AWS/ namespaces, empty data and metric math', async () => {
    await expect(
      cw().handle(
        'PutMetricData',
        { Namespace: 'AWS/SQS', MetricData: [{ MetricName: 'x', Value: 1 }] },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await expect(
      cw().handle('PutMetricData', { Namespace: 'Lava', MetricData: [] }, ctx),
    ).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    await expect(
      cw().handle(
        'GetMetricData',
        { StartTime: 0, EndTime: 1, MetricDataQueries: [{ Id: 'e', Expression: 'SUM(METRICS())' }] },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameterValue' });
  });
});
