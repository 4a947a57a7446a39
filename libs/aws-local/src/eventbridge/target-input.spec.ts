import { buildEnvelope } from './event-envelope';
import { renderTargetInput, type DeliveryContext, type TargetInputConfig } from './target-input';

// The event and map of AWS-recorded examples.
const event = buildEnvelope(
  {
    source: 'core',
    detailType: 'core.update-account-command',
    detail: {
      command: 'update-account',
      payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
      listsingle: ['HIGH'],
      listmulti: ['ACTIVE', 'INACTIVE'],
      valid: true,
    },
    resources: ['arn:aws:s3:::bucket'],
    account: '000000000000',
    region: 'us-east-1',
  },
  new Date('2024-03-04T05:06:07.890Z'),
  'event-id-1',
);
const map = {
  userId: '$.detail.payload.acc_id',
  payload: '$.detail.payload',
  listsingle: '$.detail.listsingle',
  listmulti: '$.detail.listmulti',
  valid: '$.detail.valid',
  command: '$.detail.command',
  timestamp: '$.time',
  'detail-type': '$.detail-type',
  missing: '$.detail.nope',
};
const ctx: DeliveryContext = {
  ruleName: 'my-rule',
  ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/my-rule',
  ingestionTime: new Date('2024-03-04T05:06:08.000Z'),
  eventJson: () => JSON.stringify(event),
};
const transform = (InputTemplate: string): string | undefined =>
  renderTargetInput({ InputTransformer: { InputPathsMap: map, InputTemplate } }, event, ctx);

describe('InputTransformer templates', () => {
  const cases: Array<[string, string, string | undefined]> = [
    [
      'string template keeps its quotes',
      '"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"',
      '"Event of core.update-account-command type, at time 2024-03-04T05:06:07Z, info extracted from detail update-account"',
    ],
    [
      'string template with missing path',
      '"info extracted from detail <missing>"',
      '"info extracted from detail "',
    ],
    [
      'JSON template quotes strings',
      '{"detailType": <detail-type>, "time": <timestamp>, "command": <command>}',
      '{"detailType": "core.update-account-command", "time": "2024-03-04T05:06:07Z", "command": "update-account"}',
    ],
    ['JSON template missing path is ""', '{"command": <missing>}', '{"command": ""}'],
    ['unquoted placeholder', '{"id" : <userId>}', '{"id" : "0a787ecb-4015"}'],
    ['quoted placeholder', '{"id" : "<userId>"}', '{"id" : "0a787ecb-4015"}'],
    [
      'multiple replacement',
      '{"multi_replacement": "users/<userId>/second/<userId>"}',
      '{"multi_replacement": "users/0a787ecb-4015/second/0a787ecb-4015"}',
    ],
    [
      'object value',
      '{"method": "PUT", "bod": <payload>}',
      '{"method": "PUT", "bod": {"acc_id":"0a787ecb-4015","sf_id":"baz"}}',
    ],
    ['array with placeholder', '{"bod": [<userId>, "hardcoded"]}', '{"bod": ["0a787ecb-4015", "hardcoded"]}'],
    [
      'object in string template loses quotes',
      '"Payload of <payload> with path users-service/users/<userId> and <userId>"',
      '"Payload of {acc_id:0a787ecb-4015,sf_id:baz} with path users-service/users/0a787ecb-4015 and 0a787ecb-4015"',
    ],
    [
      'list in string template',
      '"<listmulti> multiple list items"',
      '"[ACTIVE,INACTIVE] multiple list items"',
    ],
    ['single list as JSON value', '{"singlelistitem": <listsingle>}', '{"singlelistitem": ["HIGH"]}'],
    ['boolean in string template', '"Command is <valid>!"', '"Command is true!"'],
    ['object inside JSON string drops the event', '{"payload": "<payload>"}', undefined],
    ['list inside JSON string drops the event', '{"singlelistitem": "<listsingle>"}', undefined],
    [
      'object inside path string drops the event',
      '{"not_valid": "users-service/users/<payload>", "id": <userId>}',
      undefined,
    ],
    [
      'rule name and arn',
      '{"r": <aws.events.rule-name>, "a": "<aws.events.rule-arn>"}',
      '{"r": "my-rule", "a": "arn:aws:events:us-east-1:000000000000:rule/my-rule"}',
    ],
    ['ingestion time', '"at <aws.events.event.ingestion-time>"', '"at 2024-03-04T05:06:08.000Z"'],
    [
      'multi-line string template keeps newlines',
      '"line <command>"\n"second <valid>"',
      '"line update-account"\n"second true"',
    ],
    ['number and boolean in JSON', '{"v": <valid>, "s": "<valid>"}', '{"v": true, "s": "true"}'],
  ];
  it.each(cases)('%s', (_label, template, expected) => {
    expect(transform(template)).toBe(expected);
  });

  it('<aws.events.event> has detailType and no detail; <aws.events.event.json> is the full event', () => {
    const body = transform(
      '{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}',
    );
    const parsed = JSON.parse(body as string);
    expect(Object.keys(parsed.originalEvent)).toEqual([
      'version',
      'id',
      'detailType',
      'source',
      'account',
      'time',
      'region',
      'resources',
    ]);
    expect(parsed.originalEvent.detailType).toBe('core.update-account-command');
    expect(parsed.originalEventJson).toEqual(event);
  });

  it('inserts the event variables as JSON even in a string template', () => {
    expect(JSON.parse(transform('<aws.events.event.json>') as string)).toEqual(event);
  });

  it('escapes strings substituted inside JSON strings', () => {
    const quoted = { ...event, detail: { command: 'say "hi"' } };
    const body = renderTargetInput(
      { InputTransformer: { InputPathsMap: map, InputTemplate: '{"c": "<command>"}' } },
      quoted,
      ctx,
    );
    expect(JSON.parse(body as string)).toEqual({ c: 'say "hi"' });
  });
});

describe('Input and InputPath', () => {
  const render = (config: TargetInputConfig): string | undefined => renderTargetInput(config, event, ctx);

  it('sends Input verbatim', () => expect(render({ Input: '{"fixed": 1}' })).toBe('{"fixed": 1}'));
  it('sends the whole event by default', () => expect(render({})).toBe(JSON.stringify(event)));
  it('InputPath to an object sends the object', () =>
    expect(render({ InputPath: '$.detail.payload' })).toBe('{"acc_id":"0a787ecb-4015","sf_id":"baz"}'));
  it('InputPath to a string sends it quoted', () =>
    expect(render({ InputPath: '$.detail.payload.sf_id' })).toBe('"baz"'));
  it('InputPath with an index', () =>
    expect(render({ InputPath: '$.resources[0]' })).toBe('"arn:aws:s3:::bucket"'));
  it('InputPath with bracket key', () =>
    expect(render({ InputPath: "$['detail-type']" })).toBe('"core.update-account-command"'));
  it('InputPath to a missing value sends nothing', () =>
    expect(render({ InputPath: '$.detail.nope' })).toBeUndefined());
});
