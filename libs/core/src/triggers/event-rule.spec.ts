import { ValidationError } from '../errors';
import { eventRuleName, matchesAwsServiceEvents, ruleTargetTemplate, validateEventRule } from './event-rule';

const base = { rule_id: 'orders', event_pattern: { source: ['shop'] }, job_id: 'etl/orders', enabled: true };

describe('validateEventRule', () => {
  it('applies defaults and parses booleans strictly', () => {
    expect(validateEventRule({ ...base, enabled: 'false', 'x-note': 1 }).value).toEqual({
      ...base,
      enabled: false,
      jinja: true,
      delay: 0,
    });
  });

  it.each([
    [{ ...base, rule_id: 'has space' }, /rule_id/],
    [{ ...base, event_pattern: {} }, /event_pattern/],
    [{ ...base, event_pattern: 'source' }, /event_pattern/],
    [{ ...base, globals: { lava_x: 1 } }, /Reserved global: lava_x/],
    [{ ...base, colour: 'red' }, /colour/],
    [{ rule_id: 'r' }, /Missing keys: enabled, event_pattern, job_id/],
    [{ ...base, delay: '20m' }, /delay/],
  ])('refuses %j', (raw, message) => {
    expect(() => validateEventRule(raw)).toThrow(ValidationError);
    expect(() => validateEventRule(raw)).toThrow(message);
  });
});

describe('rule naming and buses', () => {
  it('names the EventBridge rule lava.<realm>.<rule_id> within 64 characters', () => {
    expect(eventRuleName('lava.acme.', 'orders')).toBe('lava.acme.orders');
    expect(() => eventRuleName('lava.acme.', 'x'.repeat(60))).toThrow(/exceeds 64/);
  });

  it.each([
    [{ source: ['aws.ecs'] }, true],
    [{ source: [{ prefix: 'aws.' }] }, true],
    [{ source: ['aws.ecs', 'shop'] }, false],
    [{ 'detail-type': ['x'] }, false],
  ])('%j selects AWS service events: %s', (pattern, expected) =>
    expect(matchesAwsServiceEvents(pattern)).toBe(expected),
  );

  it('builds a target template that carries the rule id and the whole event', () => {
    expect(ruleTargetTemplate('orders')).toBe('{"lava_rule": "orders", "event": <aws.events.event.json>}');
  });
});
