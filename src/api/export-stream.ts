// Streaming exports: documents go from the cursor to the response one at a time, waiting for the
// socket to drain, so an export of a million profiles uses the memory of one.
import type { Response } from 'express';
import type { FindCursor } from 'mongodb';

export type ExportFormat = 'csv' | 'json';

export interface Column<T> { name: string; get: (d: T) => unknown }

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it. */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(';') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: unknown[]) => cells.map(csvCell).join(',') + '\r\n';

export async function streamExport<T>(res: Response, cursor: FindCursor<T>, columns: Column<T>[], format: ExportFormat, filename: string): Promise<void> {
  let closed = false;
  res.on('close', () => { closed = true; });
  res.status(200);
  res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}.${format}"`);
  const write = async (chunk: string) => {
    if (!res.write(chunk)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
  };
  try {
    if (format === 'csv') await write(csvLine(columns.map((c) => c.name)));
    else await write('[');
    let first = true;
    for await (const doc of cursor) {
      if (closed) break;
      if (format === 'csv') await write(csvLine(columns.map((c) => c.get(doc))));
      else {
        const row = Object.fromEntries(columns.map((c) => [c.name, c.get(doc) ?? null]));
        await write((first ? '' : ',') + '\n' + JSON.stringify(row));
      }
      first = false;
    }
    if (format === 'json') await write('\n]\n');
  } finally {
    await cursor.close().catch(() => undefined);
    res.end();
  }
}
