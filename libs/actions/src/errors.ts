/** An action failed; the message is the event info `<list> action: <type>: <cause>` (§6.1). */
export class ActionFailedError extends Error {
  override readonly name = 'ActionFailedError';
  readonly code = 'ACTION_FAILED';
  constructor(list: string, type: string, cause: unknown) {
    super(`${list} action: ${type}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
