import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: { port: 3000 },
  ssr: {
    // Native and WebAssembly modules load from node_modules at run time rather than being bundled.
    external: ['@node-rs/argon2', '@electric-sql/pglite', 'pg'],
  },
});
