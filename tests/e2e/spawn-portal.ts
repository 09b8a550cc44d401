import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Settings of the shared test server that must not leak into one started here. */
const NOT_INHERITED = [
  'ADDRESS_HEADER',
  'BODY_SIZE_LIMIT',
  'DATABASE_URL',
  'HOST',
  'HOST_HEADER',
  'ORIGIN',
  'PORT',
  'PORT_HEADER',
  'PROTOCOL_HEADER',
  'SCHOOLGATE_MAX_REQUESTS',
  'SCHOOLGATE_REQUEST_QUEUE',
  'SMTP_URL',
  'TEST_DATABASE_URL',
  'XFF_DEPTH',
];

export interface Portal {
  url: string;
  port: number;
  /** Everything it has printed so far. */
  output(): string;
  /** SIGTERM, then how many milliseconds it took to exit and its exit code (SIGKILL after 20 s). */
  stop(): Promise<{ ms: number; code: number | null }>;
}

/** The embedded database of the portal started as `name`, for a test to read once it has stopped. */
export function portalDataDir(name: string): string {
  return `${root}.data/e2e-${name}`;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts the built portal (`node apps/web/serve.js --demo`) with settings of its own, on a free
 * port and a fresh embedded database named `name`: for settings the shared test server cannot have,
 * such as a trusted proxy's headers.
 */
export async function startPortal(
  name: string,
  settings: Record<string, string>,
  options: { port?: number; keepData?: boolean } = {},
): Promise<Portal> {
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  const dir = portalDataDir(name);
  if (!options.keepData) rmSync(dir, { recursive: true, force: true });
  const env = { ...process.env };
  for (const key of NOT_INHERITED) delete env[key];
  const child = spawn(process.execPath, ['apps/web/serve.js', '--demo'], {
    cwd: root,
    env: { ...env, PORT: String(port), ORIGIN: url, DATABASE_URL: `file:${dir}`, ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The portal stopped at start:\n${output}`);
    const ok = await fetch(`${url}/signin`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The portal did not start within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  return {
    url,
    port,
    output: () => output,
    async stop() {
      const started = Date.now();
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(killer);
      return { ms: Date.now() - started, code };
    },
  };
}
