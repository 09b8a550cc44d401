// What other capabilities may use from change-requests/; anything else here is its own business.
export { normalisePhone, normalisePostcode, requestTitle, statusLabel } from './rules';
