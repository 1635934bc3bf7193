import { createServer } from 'node:net';
import { UserError } from '../errors';

/** Fails fast, naming the port and the variable that moves it, when something already listens. */
export async function assertPortFree(port: number, envVar: string, host = '127.0.0.1'): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
  if (!free) throw new UserError(`port ${port} is already in use: stop what listens there or set ${envVar} to another port.`);
}

/** A free TCP port chosen by the OS (tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, isDead?: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = isDead?.();
    if (dead) throw new UserError(`${what} exited while starting: ${dead}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new UserError(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s`);
}
