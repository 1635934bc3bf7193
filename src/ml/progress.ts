// A one-line progress bar on stderr for training (redrawn in place on a TTY, throttled otherwise).
import type { TrainProgress } from './train';

export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: TrainProgress): void; done(): void } {
  const width = 30;
  const tty = Boolean(stream.isTTY);
  let lastDraw = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      const endOfEpoch = p.step === p.steps;
      if (!endOfEpoch && now - lastDraw < (tty ? 100 : 2000)) return;
      lastDraw = now;
      const frac = p.step / p.steps;
      const filled = Math.round(frac * width);
      const line = `epoch ${p.epoch}/${p.epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}% loss ${p.loss.toFixed(4)}`;
      stream.write(tty ? `\r${line}` : `${line}\n`);
      drawn = tty;
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
