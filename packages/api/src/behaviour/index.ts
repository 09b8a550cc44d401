// What other capabilities may use from behaviour/; anything else here is its own business.
export { latestBehaviourFor, latestBehaviourFromRows, latestBehaviourQuery } from './events';
export {
  BEHAVIOUR_ACTIONS,
  BEHAVIOUR_CATEGORIES,
  DESCRIPTION_MAX,
  MAX_BEHAVIOUR_POINTS,
} from './rules';
export type { BehaviourKind } from './rules';
