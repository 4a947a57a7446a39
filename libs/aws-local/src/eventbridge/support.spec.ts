import { busNameOf, ruleArn } from './arns';
import { evaluateJsonPath, parseJsonPath } from './json-path';
import { paginate } from './paging';
import { isValidScheduleExpression } from './schedule-expression';
import { checkEntry, requestProblem } from './put-events-entry';

describe('JSONPath subset', () => {
  const doc = { detail: { 'a-b': { c: [10, { d: 'x' }] } }, 'detail-type': 't' };
  it.each([
    ['$', doc],
    ['$.detail-type', 't'],
    ["$.detail['a-b'].c[0]", 10],
    ['$.detail.a-b.c[1].d', 'x'],
    ['$.detail.nope', undefined],
    ['$.detail.a-b.c[5]', undefined],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(parseJsonPath(path) ?? ['<invalid>'], doc)).toEqual(expected);
  });

  it.each(['detail', '$.', '$..a', '$[x]'])('refuses %s', (path) => {
    expect(parseJsonPath(path)).toBeUndefined();
  });
});

describe('schedule expressions', () => {
  it.each([
    ['rate(1 minute)', true],
    ['rate(5 minutes)', true],
    ['rate(1 minutes)', false],
    ['rate(2 hour)', false],
    ['rate(0 days)', false],
    ['cron(0 12 * * ? *)', true],
    ['cron(15 10 ? * 6L 2002-2005)', true],
    ['cron(0 12 * * * *)', false],
    ['cron(0 12 * * ?)', false],
    ['every 5 minutes', false],
  ])('%s → %s', (expression, valid) => {
    expect(isValidScheduleExpression(expression)).toBe(valid);
  });
});

describe('paging', () => {
  const items = ['c', 'a', 'd', 'b'];
  it('pages in name order with a token that resumes after the last name', () => {
    const first = paginate(items, (x) => x, 3, undefined);
    expect(first.items).toEqual(['a', 'b', 'c']);
    const second = paginate(items, (x) => x, 3, first.nextToken);
    expect(second).toEqual({ items: ['d'] });
  });

  it('refuses a token it did not issue', () => {
    expect(() => paginate(items, (x) => x, 1, 'garbage')).toThrow('The NextToken provided is invalid.');
  });
});

describe('ARNs', () => {
  it('omits the default bus from rule ARNs', () => {
    const scope = { account: '1', region: 'r' };
    expect(ruleArn(scope, 'default', 'x')).toBe('arn:aws:events:r:1:rule/x');
    expect(ruleArn(scope, 'b', 'x')).toBe('arn:aws:events:r:1:rule/b/x');
  });

  it('reads bus names from names and ARNs', () => {
    expect(busNameOf(undefined)).toBe('default');
    expect(busNameOf('arn:aws:events:us-east-1:123:event-bus/my/bus')).toBe('my/bus');
    expect(busNameOf('plain')).toBe('plain');
  });
});

describe('PutEvents entries', () => {
  it('uses AWS size accounting (14 bytes for Time)', () => {
    const detail = JSON.stringify({ p: 'x'.repeat(262_144 - 20) });
    expect(requestProblem([{ Source: 's', DetailType: 'd', Detail: detail }])).toBeUndefined();
    expect(requestProblem([{ Source: 's', DetailType: 'd', Detail: detail, Time: 1 }])).toBe(
      'Total size of the entries in the request is over the limit.',
    );
  });

  it('reads Time in epoch seconds and rejects non-object detail', () => {
    const ok = checkEntry({ Source: 's', DetailType: 'd', Detail: '{}', Time: 1700000000 });
    expect('envelope' in ok && ok.envelope.time?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(checkEntry({ Source: 's', DetailType: 'd', Detail: 'null' })).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed.',
    });
  });
});
