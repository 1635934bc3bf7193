// Process entry points share one failure policy: a UserError is one line and exit 2; anything else
// is logged with its stack and exit 1.
import { UserError } from './errors';
import { logger } from './log';

export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof UserError) {
      process.stderr.write(`chirpflow ${name}: ${err.message}\n`);
      process.exit(2);
    }
    logger.error({ err }, `${name} failed`);
    process.exit(1);
  });
}

/** Rejects when `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
