// `chirpflow emulator`: run the X API v2 emulator standalone (what X_API_BASE_URL points at).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UserError } from '../../errors';
import { loadConfig } from '../../config';

function num(name: string, min: number, max: number, integer = true) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new UserError(`--${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got "${raw}"`);
    }
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('emulator')
    .description('Run the X API v2 emulator with a synthetic audience (for demos and tests)')
    .option('--port <port>', 'port to listen on (0 = random; default EMULATOR_PORT, else 8787)', num('port', 0, 65535))
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'seed of the synthetic world', num('seed', 0, 2 ** 32 - 1), 42)
    .option('--rate <n>', 'generated tweets per second (0 = only injected)', num('rate', 0, 200_000, false), 5)
    .option('--brand <name>', 'brand the audience talks about', 'Acme')
    .option('--keep-alive-ms <ms>', 'stream keep-alive interval', num('keep-alive-ms', 10, 600_000), 20_000)
    .option('--corpus <path>', 'CSV or JSONL of real tweets to replay instead of generated ones')
    .option('--max-stream-connections <n>', 'concurrent filtered-stream connections allowed', num('max-stream-connections', 1, 100), 1)
    .action(async (opts: { port?: number; host: string; seed: number; rate: number; brand: string; keepAliveMs: number; corpus?: string; maxStreamConnections: number }) => {
      // Read when the command runs, so a bad EMULATOR_PORT stops only this command, naming the variable.
      const o = { ...opts, port: opts.port ?? loadConfig().EMULATOR_PORT };
      if (o.corpus && !existsSync(o.corpus)) throw new UserError(`--corpus: no such file ${o.corpus}`);
      const { startEmulator } = await import('../../emulator');
      let emu;
      try {
        emu = await startEmulator({
          port: o.port, host: o.host, seed: o.seed, rate: o.rate, brand: o.brand, keepAliveMs: o.keepAliveMs,
          corpus: o.corpus, maxStreamConnections: o.maxStreamConnections,
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') throw new UserError(`--port ${o.port} is already in use; pick another or use --port 0`);
        if (o.corpus) throw new UserError(`--corpus ${o.corpus}: ${err.message}`);
        throw e;
      }
      // One JSON line on stdout so a parent process can read the URL (useful with --port 0).
      process.stdout.write(JSON.stringify({ event: 'listening', url: emu.url, brandUserId: emu.brandUserId, seed: o.seed, rate: o.rate }) + '\n');
      const stop = () => void emu.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
