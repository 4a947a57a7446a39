/**
 * The dispatch suppression file of the original Lava (its `NO_DISPATCH` setting): while it
 * exists on a host, `lava dispatch --check-dispatch` sends nothing and a scheduler started with
 * `LAVA_CHECK_DISPATCH=true` skips its fires. A host-level switch, for a node being drained;
 * `lava schedule pause` is the realm-wide one.
 */
export const NO_DISPATCH_FILE = '/tmp/lava/__nodispatch__';
