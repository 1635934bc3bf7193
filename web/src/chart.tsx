// A chart container: draws with the lazily loaded ECharts module; the figure has a text label
// (and the data is also shown as text or tables beside it for screen readers).
import { useEffect, useRef } from 'preact/hooks';

let mod: Promise<typeof import('./charts')> | undefined;
const charts = () => (mod ??= import('./charts'));

export function Chart({ option, label, height = 320 }: { option: Record<string, unknown>; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const inst = useRef<any>(null);
  useEffect(() => {
    let live = true;
    void charts().then((m) => { if (live && el.current) inst.current = m.draw(el.current, option, inst.current ?? undefined); });
    return () => { live = false; };
  }, [JSON.stringify(option)]);
  useEffect(() => () => inst.current?.dispose(), []);
  useEffect(() => {
    const on = () => inst.current?.resize();
    addEventListener('resize', on);
    return () => removeEventListener('resize', on);
  }, []);
  return <div ref={el} class="chart" role="img" aria-label={label} style={{ height: `${height}px` }} />;
}
