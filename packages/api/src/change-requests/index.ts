// What other capabilities may use from change-requests/; anything else here is its own business.
export {
  OPEN_STATUSES,
  normalisePhone,
  normalisePostcode,
  requestTitle,
  statusLabel,
} from './rules';
