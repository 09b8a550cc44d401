import { existsSync } from 'node:fs';

// Starts the built portal. `--demo` seeds the demo school into an empty database and prints its
// sign-ins; without it the portal starts on whatever database DATABASE_URL names (or the embedded one).
process.env.PORT ??= '3000';
process.env.NODE_ENV ??= 'production';
// Imports upload whole roster files (the import itself refuses more than it can take, with a
// message); adapter-node's default of 512 KB would refuse them before the portal could explain.
process.env.BODY_SIZE_LIMIT ??= '30M';
if (process.argv.includes('--demo')) {
  process.env.SCHOOLGATE_DEMO ??= '1';
  // The demo is served straight to a browser on this machine; a real deployment sets ORIGIN to
  // its https:// address (see README).
  process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
}

if (!existsSync(new URL('./build/index.js', import.meta.url))) {
  console.error('The portal has not been built yet. Run `npm run build` first (or `npm start`).');
  process.exit(1);
}
await import('./build/index.js');
