// `chirpflow sentiment predict`: one tweet per stdin line → one JSON result per stdout line.
import type { Command } from 'commander';
import { registerPredict } from './emotion';

export function register(program: Command): void {
  registerPredict(program, 'sentiment');
}
