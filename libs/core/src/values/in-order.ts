/**
 * `fn` over `items` one at a time, in order: renders of a list of fields then fail at the
 * first bad field, as they did when rendering was synchronous.
 *
 * @example
 * ```ts
 * const argv = await inOrder(args, (a, i) => ctx.renderer.render(a, `args[${i}]`));
 * ```
 */
export async function inOrder<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (const [i, item] of items.entries()) out.push(await fn(item, i));
  return out;
}
