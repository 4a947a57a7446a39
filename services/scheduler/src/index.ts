export { bootstrap } from './bootstrap';
export type { RunningScheduler } from './bootstrap';
export { loadSchedulerConfig, parseDispatchers } from './scheduler.config';
export type { SchedulerConfig, DispatcherSpec } from './scheduler.config';
export { composeScheduler } from './scheduler.composition';
export { SchedulerEngine } from './engine/scheduler-engine';
export { DispatcherScheduler } from './engine/dispatcher-scheduler';
export type { FireSink, ScheduledJobSource, ProgressStore, SchedulableItem } from './engine/ports';
