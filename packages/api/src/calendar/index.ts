// Nothing in calendar/ is used by another capability: its router is joined in ../root.ts.
export {};
