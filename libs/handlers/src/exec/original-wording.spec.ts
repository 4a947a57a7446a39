import { JobFailedError } from '@lava/core';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { CmdHandler } from '../types/cmd.handler';
import { originalWording } from './original-wording';

class FakeTemplateError extends Error {
  readonly code = 'TEMPLATE_RENDER_FAILED';
}

describe('originalWording: the original error texts users match on', () => {
  it('prefixes a template failure and keeps the precise cause after it', async () => {
    const err = (await originalWording('Bad payload', async () => {
      throw new FakeTemplateError("Cannot render payload[1]: 'x' is undefined");
    }).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.message).toBe("Bad payload: Cannot render payload[1]: 'x' is undefined");
  });

  it('passes other errors and results through untouched', async () => {
    const other = new Error('disk full');
    await expect(
      originalWording('Bad payload', async () => {
        throw other;
      }),
    ).rejects.toThrow(other);
    await expect(originalWording('Bad payload', async () => 42)).resolves.toBe(42);
  });

  it('gives cmd payload render failures the "Bad payload:" prefix', async () => {
    const f = makeContext(makeJob({ payload: 'echo {{ nope }}' }));
    f.ctx.renderer = {
      render: async () => {
        throw new FakeTemplateError("Cannot render payload[1]: 'nope' is undefined");
      },
      renderJson: async (v) => v,
    };
    await expect(new CmdHandler().run(f.ctx)).rejects.toThrow(
      "Bad payload: Cannot render payload[1]: 'nope' is undefined",
    );
  });
});
