// Nothing in staff-home/ is used by another capability: its router is joined in ../admin-router.ts.
export {};
