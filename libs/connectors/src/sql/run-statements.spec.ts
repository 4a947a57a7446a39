import type { RowStream, SqlSession } from '../session/sql-session';
import { runStatements } from './run-statements';

/** A session whose one statement yields two rows and records whether its cursor was released. */
function sessionWithCursor() {
  const state = { released: false, rowsRead: 0 };
  const stream: RowStream = {
    columns: ['a'],
    rowCount: () => state.rowsRead,
    async *[Symbol.asyncIterator]() {
      try {
        for (const row of [[1], [2]]) {
          state.rowsRead++;
          yield row;
        }
      } finally {
        state.released = true;
      }
    },
  };
  const session = { stream: async () => stream } as unknown as SqlSession;
  return { session, state };
}

describe('runStatements', () => {
  it('releases the result set when the sink factory refuses it', async () => {
    const { session, state } = sessionWithCursor();
    await expect(
      runStatements(session, ['SELECT a'], {
        output: {
          format: 'csv',
          sink: () => {
            throw new Error('no sink for this result set');
          },
        },
      }),
    ).rejects.toThrow('no sink for this result set');
    expect(state.released).toBe(true);
    expect(state.rowsRead).toBeLessThanOrEqual(1);
  });
});
