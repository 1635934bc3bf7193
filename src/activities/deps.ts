import type { Db } from 'mongodb';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { XClient } from '../x';
import type { Models } from '../ml';

/** What activity factories get injected: real adapters in the worker, the same in tests. */
export interface ActivityDeps {
  db: Db;
  x: XClient;
  /** Loaded lazily: workers that never score tweets never pay for the models. */
  models: () => Promise<Models>;
  config: Config;
  log: Logger;
  /** The clock (ms since the epoch). Activities take time from here, never from Date.now directly. */
  now: () => number;
}
