// Nothing in staff/ is used by another capability: its routers are joined in ../root.ts.
export {};
