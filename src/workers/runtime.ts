// The Temporal Runtime, installed once per process: its logs go to our logger, its metrics to
// a Prometheus endpoint.
import { Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import { logger } from '../log';
import { UserError } from '../errors';

let installed = false;

export function installRuntime(metricsPort?: number): void {
  if (installed) return;
  installed = true;
  try {
    install(metricsPort);
  } catch (err) {
    installed = false;
    // A second worker on the same host with the same port: say which setting to change.
    if (metricsPort && /address already in use/i.test((err as Error).message)) {
      throw new UserError(`metrics port ${metricsPort} is taken (another worker on this host?): give each worker its own METRICS_PORT or --metrics-port (0 turns metrics off).`);
    }
    throw err;
  }
}

function install(metricsPort: number | undefined): void {
  const log = logger.child({ component: 'temporal' });
  const bridge = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, meta?: Record<string, unknown>) => log[level](meta ?? {}, message);
  Runtime.install({
    logger: {
      log: (level: LogLevel, message: string, meta?: Record<string, unknown>) => bridge(level === 'INFO' ? 'debug' : (level.toLowerCase() as 'warn'))(message, meta),
      // The SDK's info lines (bundle stats, state changes) are operational detail: debug for us.
      trace: bridge('trace'), debug: bridge('debug'), info: bridge('debug'), warn: bridge('warn'), error: bridge('error'),
    },
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(metricsPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${metricsPort}` } } } : {}),
    },
  });
}
