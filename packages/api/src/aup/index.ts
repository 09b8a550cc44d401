// What other capabilities may use from aup/; anything else here is its own business.
export { currentPolicyVersionId, policyAcceptancePending } from './version-in-force';
