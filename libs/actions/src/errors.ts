import { LavaError } from '@lava/core';
/** An action failed; the message is the event info `<list> action: <type>: <cause>`. */
export class ActionFailedError extends LavaError {
  override readonly name = 'ActionFailedError';
  constructor(list: string, type: string, cause: unknown) {
    super(
      'ACTION_FAILED',
      `${list} action: ${type}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
        context: { list, type },
      },
    );
  }
}
