// What other capabilities may use from students/; anything else here is its own business.
export { confirmLeaver, dismissLeaver, listLeaverProposals } from './leavers';
export { checkUpn } from './upn';
