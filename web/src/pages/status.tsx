// Operators' status: the stack's health, analytics schedules and their last runs, the DM budget
// used per window, ingest rate and lag; links into the Temporal UI and the metrics.
import { useEffect, useState } from 'preact/hooks';
import { ago, fmtTime, get, workflowUrl, type Session } from '../api';

export function Status({ session }: { session: Session }) {
  const [s, setS] = useState<any>(null);
  const [err, setErr] = useState('');
  useEffect(() => {
    const load = () => get('/status').then((x) => { setS(x); setErr(''); }).catch((e) => setErr(e.message));
    void load();
    const t = setInterval(load, 5000);
    return () => clearInterval(t);
  }, []);
  const links = s?.links ?? session.links;
  return (
    <section aria-labelledby="st-h">
      <h1 id="st-h">Status</h1>
      <p class="links">
        {links.temporalUi && <a href={links.temporalUi} target="_blank" rel="noopener noreferrer">Temporal Web UI</a>}{' · '}
        <a href={links.metrics} target="_blank" rel="noopener noreferrer">Worker metrics (/metrics)</a>{' · '}
        <a href="/openapi.json" target="_blank" rel="noopener noreferrer">API reference (openapi.json)</a>
      </p>
      {err && <p class="error" role="alert">{err}</p>}
      {!s ? <p aria-busy="true">Loading…</p> : (
        <>
          <h2>Health</h2>
          <ul class="health">{s.health.map((h: any) => <li data-check={h.name}><span class={`pill ${h.ok ? 'ok' : 'bad'}`}>{h.ok ? 'ok' : 'down'}</span> {h.name} {h.ok ? `(${h.ms} ms)` : `— ${h.error}`}</li>)}</ul>
          <h2>Ingest</h2>
          {'error' in s.ingest ? <p class="error">{s.ingest.error}</p> : (
            <p data-testid="ingest">{s.ingest.perMinute === null ? 'measuring the rate…' : `${s.ingest.perMinute} tweets/min`} · {s.ingest.tweets.toLocaleString()} stored · lag {s.ingest.lagMs === null ? '—' : `${(s.ingest.lagMs / 1000).toFixed(1)} s`} · checkpoint {s.ingest.lastCheckpointAt ? ago(s.ingest.lastCheckpointAt) : 'never (no campaign running?)'}</p>
          )}
          <h2>DM budget</h2>
          <table><caption class="sr-only">DMs used per rate-limit window</caption>
            <thead><tr><th scope="col">Window (rolling)</th><th scope="col">Sent in it</th><th scope="col">Limit</th></tr></thead>
            <tbody>{s.dmBudget.map((w: any) => <tr><td>{w.window}</td><td>{w.used ?? 'no DM sent yet'}</td><td>{w.limit}</td></tr>)}</tbody>
          </table>
          <h2>Schedules</h2>
          <table><caption class="sr-only">Analytics schedules and their recent runs</caption>
            <thead><tr><th scope="col">Schedule</th><th scope="col">Every</th><th scope="col">State</th><th scope="col">Last run</th><th scope="col">Recent runs</th><th scope="col">Next</th></tr></thead>
            <tbody>{s.schedules.map((x: any) => (
              <tr><td>{x.id}<div class="muted small">{x.note}</div></td><td>{x.every}</td>
                <td>{!x.exists ? 'not created (is the worker running?)' : x.paused ? 'paused' : x.running.length ? 'running now' : 'idle'}</td>
                <td>{x.lastStatus ? <span class={`pill ${x.lastStatus === 'FAILED' || x.lastStatus === 'TIMED_OUT' ? 'bad' : x.lastStatus === 'COMPLETED' ? 'ok' : ''}`}>{x.lastStatus.toLowerCase().replace('_', ' ')}</span> : '—'}</td>
                <td>{x.exists && x.recent.length ? x.recent.map((r: any) => { const u = workflowUrl(links, r.workflowId); return <div>{u ? <a href={u} target="_blank" rel="noopener noreferrer">{fmtTime(r.at)}</a> : fmtTime(r.at)}</div>; }) : '—'}</td>
                <td>{x.exists && x.next ? fmtTime(x.next) : '—'}</td></tr>))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
