// Start-up steps that several workers may run at the same moment.
import type { Logger } from '../log';
import { UserError } from '../errors';

/** Runs `step`, retrying a few times with a random pause; a UserError (bad settings) is not retried. */
export async function retryStartup<T>(what: string, step: () => Promise<T>, log: Pick<Logger, 'warn'>, attempts = 5, pauseMs = 500): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (err) {
      if (err instanceof UserError || i >= attempts) throw err;
      log.warn({ err: (err as Error).message, attempt: i }, `${what}: start-up step failed; retrying`);
      await new Promise((r) => setTimeout(r, pauseMs * i * (0.5 + Math.random())));
    }
  }
}
