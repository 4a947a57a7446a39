import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BadItemError } from '../errors';
import { decodeStateItem } from './state-codec';
import { isoWithOffset, StateRepository } from './state.repository';

const DAY = 86_400;

function fakeDb() {
  const items = new Map<string, Record<string, unknown>>();
  const send = jest.fn(async (command: { constructor: { name: string }; input: any }) => {
    if (command.constructor.name === 'PutCommand') items.set(command.input.Item.state_id, command.input.Item);
    if (command.constructor.name === 'GetCommand') return { Item: items.get(command.input.Key.state_id) };
    return {};
  });
  return { db: { send } as unknown as DynamoDBDocumentClient, items, send };
}

describe('StateRepository', () => {
  const now = new Date('2024-05-01T00:00:00Z');
  const epoch = now.getTime() / 1000;

  it.each([
    [undefined, 7 * DAY],
    [0, 7 * DAY],
    [60, 60],
    [400 * DAY, 366 * DAY],
    [-10, -10],
  ])('ttl %p becomes %p seconds', (requested, seconds) => {
    expect(new StateRepository(fakeDb().db, 'acme').ttlSeconds(requested)).toBe(seconds);
  });

  it('stores json state with timestamp, ttl and publisher, and reads it back strongly consistent', async () => {
    const { db, items, send } = fakeDb();
    const repo = new StateRepository(db, 'acme', { now: () => now });
    await repo.putState({ state_id: 'counter', value: { n: 1 }, ttlSeconds: 3600, publisher: 'me' });
    expect(items.get('counter')).toEqual({
      state_id: 'counter',
      type: 'json',
      value: '{"n":1}',
      timestamp: isoWithOffset(now),
      ttl: epoch + 3600,
      publisher: 'me',
    });
    expect(await repo.getState('counter')).toMatchObject({ value: { n: 1 }, publisher: 'me' });
    expect(send.mock.calls.at(-1)?.[0].input).toMatchObject({
      TableName: 'lava.acme.state',
      ConsistentRead: true,
    });
  });

  it('treats an expired item as missing', async () => {
    const { db } = fakeDb();
    await new StateRepository(db, 'acme', { now: () => now }).putState({
      state_id: 's',
      value: 1,
      ttlSeconds: -1,
    });
    expect(await new StateRepository(db, 'acme', { now: () => now }).getState('s')).toBeUndefined();
  });

  it('rejects items a Python reader would reject', () => {
    const good = { state_id: 's', type: 'json', value: '1', timestamp: 't', ttl: 1 };
    expect(decodeStateItem('t', good).value).toBe(1);
    expect(() => decodeStateItem('t', { ...good, extra: 1 })).toThrow(
      'Bad state item: Unexpected keys: extra',
    );
    expect(() => decodeStateItem('t', { state_id: 's', type: 'json', value: '1' })).toThrow(
      'Missing keys: timestamp, ttl',
    );
    expect(() => decodeStateItem('t', { ...good, type: 'weird' })).toThrow(BadItemError);
  });

  it('formats local time with a numeric offset and whole seconds', () => {
    expect(isoWithOffset(new Date('2024-05-01T10:15:00.789Z'))).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/,
    );
  });
});
