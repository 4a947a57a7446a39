export { bootstrap, type RunningBroker } from './bootstrap';
export { loadBrokerConfig, type BrokerConfig } from './broker.config';
export { BROKER_API_PREFIX } from './broker.controller';
export { BrokerRefusedError, type BrokerRefusal } from './errors';
export {
  decideRelease,
  type ReleaseRequest,
  type ReleaseDecision,
  type DecisionDeps,
} from './release-decision';
