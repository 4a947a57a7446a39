import { buildLavaEvent, requestRunId } from '@lava/core';
import { deferredBody, readDispatchBody } from './dispatch-body';

const ctx = { realm: 'acme', messageId: 'm-1' };
const envelope = (detail: Record<string, unknown>, detailType = 'Dispatch Requested') => {
  const entry = buildLavaEvent('Dispatch Requested', { job_id: 'x' }, { source: 'lava.cli' });
  return JSON.stringify({ id: 'e1', source: entry.Source, 'detail-type': detailType, detail });
};

describe('readDispatchBody', () => {
  it('carries a W3C traceparent from the event detail and through a deferred hop', () => {
    const traceparent = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    const [request] = readDispatchBody(envelope({ job_id: 'j', traceparent }), ctx).requests;
    expect(request).toMatchObject({ job_id: 'j', traceparent });
    const hop = readDispatchBody(deferredBody(request!, Date.now() + 1000), ctx).requests[0];
    expect(hop).toMatchObject({ traceparent, run_id: request!.run_id });
    const bad = readDispatchBody(envelope({ job_id: 'j', traceparent: 'not-a-trace' }), ctx);
    expect(bad.requests).toEqual([]);
    expect(bad.rejections[0]!.reason).toContain('traceparent');
  });

  it('reads a Dispatch Requested envelope with correlation fields and a stable run_id', () => {
    const body = envelope({
      job_id: 'etl/load',
      parameters: { day: '1' },
      idempotency_key: 'k1',
      requested_by: 'cli',
      deep_merge: true,
    });
    const a = readDispatchBody(body, ctx);
    expect(a.rejections).toEqual([]);
    expect(a.requests).toEqual([
      expect.objectContaining({
        job_id: 'etl/load',
        parameters: { day: '1' },
        globals: {},
        delay_seconds: 0,
        idempotency_key: 'k1',
        requested_by: 'cli',
        deep_merge: true,
      }),
    ]);
    expect(a.requests[0]!.run_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(readDispatchBody(body, ctx).requests[0]!.run_id).toBe(a.requests[0]!.run_id);
    // With an idempotency key the run_id is derived from the key, so the requester knows it.
    expect(a.requests[0]!.run_id).toBe(requestRunId(ctx.realm, 'k1'));
    expect(readDispatchBody(body, { ...ctx, messageId: 'm-2' }).requests[0]!.run_id).toBe(
      a.requests[0]!.run_id,
    );
    const keyless = envelope({ job_id: 'etl/load' });
    expect(readDispatchBody(keyless, { ...ctx, messageId: 'm-2' }).requests[0]!.run_id).not.toBe(
      readDispatchBody(keyless, ctx).requests[0]!.run_id,
    );
  });

  it('accepts delays beyond 15 minutes in events and raw JSON, and rejects bad ones with BAD_DELAY', () => {
    expect(readDispatchBody(envelope({ job_id: 'j', delay: '2h' }), ctx).requests[0]!.delay_seconds).toBe(
      7200,
    );
    expect(readDispatchBody('{"job_id":"j","delay":"20m"}', ctx).requests[0]!.delay_seconds).toBe(1200);
    const bad = readDispatchBody(envelope({ job_id: 'j', delay: 'soon' }), ctx);
    expect(bad.requests).toEqual([]);
    expect(bad.rejections).toEqual([
      expect.objectContaining({ job_id: 'j', code: 'DISPATCH_BAD_DELAY', run_id: expect.any(String) }),
    ]);
    expect(readDispatchBody('{"job_id":"j","delay":-5}', ctx).rejections[0]).toMatchObject({
      code: 'DISPATCH_BAD_DELAY',
    });
  });

  it('rejects malformed JSON, other realms, other detail-types and contract violations', () => {
    expect(readDispatchBody('{"job_id": ', ctx).rejections).toEqual([
      expect.objectContaining({
        job_id: '',
        code: 'DISPATCH_MALFORMED_JSON',
        reason: expect.stringMatching(/^Malformed JSON/),
      }),
    ]);
    expect(readDispatchBody(envelope({ job_id: 'j', realm: 'other' }), ctx).rejections[0]).toMatchObject({
      code: 'DISPATCH_REALM_MISMATCH',
      job_id: 'j',
    });
    expect(readDispatchBody(envelope({ job_id: 'j' }, 'Job Dispatched'), ctx).rejections[0]).toMatchObject({
      code: 'DISPATCH_UNSUPPORTED_EVENT',
    });
    expect(readDispatchBody(envelope({ job_id: 'j', bogus: 1 }), ctx).rejections[0]).toMatchObject({
      code: 'DISPATCH_INVALID_REQUEST',
      reason: expect.stringContaining('bogus'),
    });
  });

  it('reads CLI-style text and JSON lists, each request independent of the bad ones', () => {
    const text = readDispatchBody('etl/load -p day=2024-05-01 -d 90s\n# comment\nbad -x\nops/notify', ctx);
    expect(text.requests.map((r) => [r.job_id, r.delay_seconds, r.parameters])).toEqual([
      ['etl/load', 90, { day: '2024-05-01' }],
      ['ops/notify', 0, {}],
    ]);
    expect(text.rejections).toEqual([
      expect.objectContaining({ code: 'DISPATCH_INVALID_REQUEST', reason: expect.stringMatching(/^line 3/) }),
    ]);
    const list = readDispatchBody('[{"job_id":"a"},{"job_id":"b","oops":1},{"nojob":1}]', ctx);
    expect(list.requests.map((r) => r.job_id)).toEqual(['a']);
    expect(list.rejections.map((r) => [r.job_id, r.code])).toEqual([
      ['b', 'DISPATCH_INVALID_REQUEST'],
      ['', 'DISPATCH_INVALID_REQUEST'],
    ]);
    expect(new Set([...list.requests, ...list.rejections].map((r) => r.run_id).filter(Boolean)).size).toBe(2);
  });

  it('reads SQS/SNS Records envelopes and deferred hops', () => {
    const records = {
      Records: [
        { EventSource: 'aws:sns', Sns: { Message: 'etl/load -p day=1' } },
        { eventSource: 'aws:sqs', body: '{"job_id":"b"}' },
      ],
    };
    expect(readDispatchBody(JSON.stringify(records), ctx).requests.map((r) => r.job_id)).toEqual([
      'etl/load',
      'b',
    ]);
    const runId = '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11';
    const hop = deferredBody(
      { job_id: 'j', parameters: {}, globals: {}, delay_seconds: 3600, run_id: runId },
      12345,
    );
    expect(readDispatchBody(hop, ctx).requests).toEqual([
      { job_id: 'j', parameters: {}, globals: {}, run_id: runId, due_at: 12345, delay_seconds: 0 },
    ]);
    const forged = JSON.stringify({
      lava_deferred_dispatch: { job_id: 'j', run_id: runId, due_at: 'soon', parameters: {}, globals: {} },
    });
    expect(readDispatchBody(forged, ctx)).toEqual({
      requests: [],
      rejections: [expect.objectContaining({ job_id: 'j', code: 'DISPATCH_INVALID_REQUEST' })],
    });
  });
});
