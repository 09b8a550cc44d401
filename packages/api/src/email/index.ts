// What other capabilities may use from email/; anything else here is its own business.
export { schoolIdentity } from './school-identity';
export { deliveryHealth, type DeliveryHealth } from './delivery-health';
