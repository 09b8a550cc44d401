// What other capabilities may use from records/; anything else here is its own business.
export { subjectAccessDueOn } from './deadlines';
