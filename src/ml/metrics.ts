// Classification metrics as the benchmarks define them: TweetEval sentiment is scored by
// macro-averaged recall, emotion by macro-F1. Classes absent from both truth and prediction are
// left out of the macro averages (they carry no information), so a 2-class set is scored on 2.

export interface Metrics {
  accuracy: number;
  macroRecall: number;
  macroF1: number;
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[];
  /** confusion[true][predicted] */
  confusion: number[][];
  labels: readonly string[];
  n: number;
}

export function confusionMatrix(yTrue: readonly number[], yPred: readonly number[], classes: number): number[][] {
  if (yTrue.length !== yPred.length) throw new Error(`length mismatch: ${yTrue.length} truths, ${yPred.length} predictions`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

export function computeMetrics(yTrue: readonly number[], yPred: readonly number[], labels: readonly string[]): Metrics {
  const k = labels.length;
  const confusion = confusionMatrix(yTrue, yPred, k);
  const perClass: Metrics['perClass'] = [];
  let correct = 0, recallSum = 0, f1Sum = 0, counted = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    correct += tp;
    let support = 0, predicted = 0;
    for (let j = 0; j < k; j++) { support += confusion[c][j]; predicted += confusion[j][c]; }
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ label: labels[c], precision, recall, f1, support });
    if (support > 0 || predicted > 0) { recallSum += recall; f1Sum += f1; counted++; }
  }
  const n = yTrue.length;
  return {
    accuracy: n > 0 ? correct / n : 0,
    macroRecall: counted > 0 ? recallSum / counted : 0,
    macroF1: counted > 0 ? f1Sum / counted : 0,
    perClass, confusion, labels, n,
  };
}

/** Index of the largest value in row `row` of a row-major matrix. */
export function argmaxRow(values: ArrayLike<number>, row: number, cols: number): number {
  let best = 0;
  let bestV = -Infinity;
  for (let j = 0; j < cols; j++) {
    const v = values[row * cols + j];
    if (v > bestV) { bestV = v; best = j; }
  }
  return best;
}

/** Human-readable report: headline numbers, per-class table, confusion matrix. */
export function formatMetrics(m: Metrics): string {
  const pct = (x: number) => (100 * x).toFixed(2);
  const lines = [
    `n=${m.n}  macro-recall=${pct(m.macroRecall)}  macro-F1=${pct(m.macroF1)}  accuracy=${pct(m.accuracy)}`,
    '',
    'class        precision  recall     f1  support',
    ...m.perClass.map((c) => `${c.label.padEnd(12)} ${pct(c.precision).padStart(9)} ${pct(c.recall).padStart(7)} ${pct(c.f1).padStart(6)} ${String(c.support).padStart(8)}`),
    '',
    'confusion (rows = true, columns = predicted)',
    ' '.repeat(12) + m.labels.map((l) => l.slice(0, 9).padStart(10)).join(''),
    ...m.confusion.map((row, i) => m.labels[i].padEnd(12) + row.map((v) => String(v).padStart(10)).join('')),
  ];
  return lines.join('\n');
}
