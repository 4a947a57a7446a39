import { DispatchRequestError } from '../errors';
import {
  parseDispatchRequests,
  tryParseDispatchRequestBody,
  tryParseDispatchRequests,
} from './parse-requests';

const etlLoad = { job_id: 'etl/load', parameters: { day: '2024-05-01' }, globals: {}, delay_seconds: 0 };

describe('parseDispatchRequests', () => {
  // the SNS text body, the SQS JSON body and the direct JSON all give the same request.
  it.each([
    ['SNS CLI-style text', 'etl/load -p day=2024-05-01'],
    ['SQS JSON body', '{"job_id": "etl/load", "parameters": {"day": "2024-05-01"}}'],
    ['JSON list', '[{"job_id": "etl/load", "parameters": {"day": "2024-05-01"}}]'],
    [
      'JSON with leading blanks',
      '  \n {"job_id": "etl/load", "parameters": {"day": "2024-05-01"}, "x-note": 1}',
    ],
  ])('%s', (_name, body) => {
    expect(parseDispatchRequests(body)).toEqual([etlLoad]);
  });

  it('two requests, comments skipped, second one delayed', () => {
    const body = [
      '# two requests, second one delayed',
      `etl/sales-load -p vars.day=2024-04-30 -g src='s3://acme-landing/manual/x.csv'`,
      `ops/notify --delay 90s -p text="done # not a comment?"`,
    ].join('\n');
    expect(parseDispatchRequests(body, { source: 'sns' })).toEqual([
      {
        job_id: 'etl/sales-load',
        parameters: { vars: { day: '2024-04-30' } },
        globals: { src: 's3://acme-landing/manual/x.csv' },
        delay_seconds: 0,
        source: 'sns',
      },
      {
        job_id: 'ops/notify',
        parameters: { text: 'done # not a comment?' },
        globals: {},
        delay_seconds: 90,
        source: 'sns',
      },
    ]);
  });

  it('chooses text for bodies the original misread as falsy JSON', () => {
    expect(parseDispatchRequests('null')).toEqual([
      { job_id: 'null', parameters: {}, globals: {}, delay_seconds: 0 },
    ]);
    expect(parseDispatchRequests('0')[0]!.job_id).toBe('0');
  });

  it('validates every line and reports all errors, dispatching none', () => {
    const body = 'good/one\nbad -x\n\ngood/two\nbad -d 20m';
    const { requests, errors } = tryParseDispatchRequests(body);
    expect(requests.map((r) => r.job_id)).toEqual(['good/one', 'good/two']);
    expect(errors).toEqual([
      { where: 'line 2', message: 'unrecognized arguments: -x' },
      { where: 'line 5', message: 'Bad -d, --delay value: 20m: must be between 0 and 15 minutes' },
    ]);
    expect(() => parseDispatchRequests(body)).toThrow(DispatchRequestError);
  });

  it('reports malformed JSON as one body error', () => {
    expect(tryParseDispatchRequests('{"job_id": ').errors).toEqual([
      { where: 'body', message: expect.stringMatching(/^Malformed JSON/) },
    ]);
  });
});

describe('JSON requests', () => {
  it.each<[unknown, object]>([
    [{ job_id: 'j', delay: '1.9' }, { delay_seconds: 1 }],
    [{ job_id: 'j', delay: '15m' }, { delay_seconds: 900 }],
    [
      { job_id: 'j', delay: 30, idempotency_key: 'k1' },
      { delay_seconds: 30, idempotency_key: 'k1' },
    ],
    [{ job_id: 'j', parameters: null }, { parameters: {} }],
    [
      { job_id: 'j', globals: { lava: { parent_job_id: 'p' } } },
      { globals: { lava: { parent_job_id: 'p' } } },
    ],
  ])('%j', (item, expected) => {
    expect(tryParseDispatchRequestBody(item).requests[0]).toMatchObject(expected);
  });

  it.each<[unknown, string, string]>([
    [123, 'body', 'JSON message body must be list or dict'],
    ['job', 'body', 'JSON message body must be list or dict'],
    [[5], 'item 1', '5: must be a dict'],
    [{ job_id: 'j', worker: 'core' }, 'request', 'Unexpected keys: worker'],
    [{ parameters: {} }, 'request', 'Missing keys: job_id'],
    [{ job_id: 'j', parameters: [] }, 'request', 'parameters must be a dict, got array'],
    [{ job_id: 'j', delay: '16m' }, 'request', 'Bad delay: 960: Must be between 0 and 15 minutes'],
    [{ job_id: 'j', delay: -1 }, 'request', 'Bad delay: -1: Must be between 0 and 15 minutes'],
    [{ job_id: 'j', delay: '5x' }, 'request', 'Bad duration: "5x"'],
  ])('rejects %j', (body, where, message) => {
    expect(tryParseDispatchRequestBody(body).errors).toEqual([{ where, message }]);
  });

  it('checks every item of a list', () => {
    const { requests, errors } = tryParseDispatchRequestBody([{ job_id: 'a' }, { nope: 1 }, { job_id: 'c' }]);
    expect(requests.map((r) => r.job_id)).toEqual(['a', 'c']);
    expect(errors.map((e) => e.where)).toEqual(['item 2']);
  });
});
