/** `@lava/dispatcher`: the dispatch service (boot it with `bootstrap`), and its pure decision logic. */
export { bootstrap } from './bootstrap';
export type { RunningDispatcher } from './bootstrap';
export { readDispatchBody, deferredBody, DEFERRED_KEY } from './dispatch-body';
export type { InboundRequest, Rejection, ReadBody } from './dispatch-body';
export { planDispatch } from './dispatch-plan';
export type { DispatchPlan, DispatchLimits, PlanInput, RunSend } from './dispatch-plan';
export { DISPATCH_REJECTION_CODES } from './errors';
export type { DispatchRejectionCode } from './errors';
export { DISPATCH_CLAIM_PREFIX } from './dispatch-claims';
