// Planning for marketers: spend a budget where it reaches most (POST /plans) — the form, the chosen
// influencers, what each extra 10 % of budget buys, where the reach lands — and who is rising
// (GET /influencers/rising, from the forecast; an empty state until it exists or has data).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, fmtTime, get, post } from '../api';
import { Chart } from '../chart';

const REGIONS = ['NA', 'LATAM', 'EU', 'MEA', 'APAC', 'OTHER', 'UNKNOWN'];
const GOALS: Record<string, string> = { reach: 'Reach (people)', engagement: 'Engagement (expected interactions)', positive_reach: 'Positive reach' };
interface ShareRow { region: string; min: string; max: string; of: 'spend' | 'reach' }
const fmt = (n: number) => Math.round(n).toLocaleString();
const TREND: Record<string, string> = { rising: '▲', fading: '▼', steady: '–' };

export function Planning() {
  const [budget, setBudget] = useState('10000');
  const [goal, setGoal] = useState('reach');
  const [maxShare, setMaxShare] = useState('');
  const [minSentiment, setMinSentiment] = useState('');
  const [exclude, setExclude] = useState(true);
  const [shares, setShares] = useState<ShareRow[]>([]);
  const [prices, setPrices] = useState<{ name: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [plan, setPlan] = useState<any>(null);
  const [recent, setRecent] = useState<any[] | null>(null);
  const loadRecent = () => get('/plans?limit=10').then((r) => setRecent(r.items)).catch(() => setRecent([]));
  useEffect(() => { void loadRecent(); }, []);

  const errAt = (path: string) => issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map((i) => i.message).join('; ');
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError(''); setIssues([]);
    const body: Record<string, unknown> = { budget: Number(budget), goal, excludeInConversation: exclude };
    if (maxShare.trim()) body.maxShare = Number(maxShare);
    if (minSentiment.trim()) body.minSentiment = Number(minSentiment);
    if (shares.length) body.regionShares = shares.map((s) => ({ region: s.region, of: s.of, ...(s.min.trim() ? { min: Number(s.min) } : {}), ...(s.max.trim() ? { max: Number(s.max) } : {}) }));
    if (prices) body.prices = prices.text;
    try {
      setPlan(await post('/plans', body));
      void loadRecent();
    } catch (x) {
      if (x instanceof ApiError) { setError(x.message); setIssues((x.details ?? []).map((d) => ({ path: d.path, message: d.message }))); } else setError(String(x));
    } finally { setBusy(false); }
  };
  const onFile = (e: Event) => {
    const f = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!f) { setPrices(null); return; }
    void f.text().then((text) => setPrices({ name: f.name, text }));
  };
  const setShare = (i: number, patch: Partial<ShareRow>) => setShares(shares.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <div class="page planning">
      <h1>Planning</h1>
      <section class="panel" aria-labelledby="plan-form-h">
        <h2 id="plan-form-h">Spend a budget</h2>
        <form onSubmit={submit} noValidate>
          <div class="row">
            <div class="field"><label for="p-budget">Budget</label>
              <input id="p-budget" type="number" min="1" step="any" required value={budget} onInput={(e) => setBudget(e.currentTarget.value)} aria-describedby={errAt('budget') ? 'p-budget-err' : undefined} />
              {errAt('budget') && <small id="p-budget-err" class="error field-error">{errAt('budget')}</small>}</div>
            <div class="field"><label for="p-goal">Goal</label>
              <select id="p-goal" value={goal} onChange={(e) => setGoal(e.currentTarget.value)}>{Object.entries(GOALS).map(([k, v]) => <option value={k}>{v}</option>)}</select></div>
            <div class="field"><label for="p-max">Max share per influencer (0–1)</label>
              <input id="p-max" type="number" min="0" max="1" step="0.01" placeholder="1" value={maxShare} onInput={(e) => setMaxShare(e.currentTarget.value)} />
              {errAt('maxShare') && <small class="error field-error">{errAt('maxShare')}</small>}</div>
            <div class="field"><label for="p-sent">Minimum sentiment (−1–1)</label>
              <input id="p-sent" type="number" min="-1" max="1" step="0.05" placeholder="none" value={minSentiment} onInput={(e) => setMinSentiment(e.currentTarget.value)} />
              {errAt('minSentiment') && <small class="error field-error">{errAt('minSentiment')}</small>}</div>
          </div>
          <fieldset>
            <legend>Region shares</legend>
            {shares.length === 0 && <p class="note">No regional limits: the budget goes wherever it reaches most.</p>}
            {shares.map((s, i) => (
              <div class="row share" data-share={i}>
                <div class="field"><label for={`p-r${i}`}>Region</label>
                  <select id={`p-r${i}`} value={s.region} onChange={(e) => setShare(i, { region: e.currentTarget.value })}>{REGIONS.map((r) => <option>{r}</option>)}</select></div>
                <div class="field"><label for={`p-of${i}`}>Share of</label>
                  <select id={`p-of${i}`} value={s.of} onChange={(e) => setShare(i, { of: e.currentTarget.value as ShareRow['of'] })}><option value="spend">spend</option><option value="reach">reach</option></select></div>
                <div class="field"><label for={`p-min${i}`}>Min</label><input id={`p-min${i}`} type="number" min="0" max="1" step="0.05" value={s.min} onInput={(e) => setShare(i, { min: e.currentTarget.value })} /></div>
                <div class="field"><label for={`p-maxr${i}`}>Max</label><input id={`p-maxr${i}`} type="number" min="0" max="1" step="0.05" value={s.max} onInput={(e) => setShare(i, { max: e.currentTarget.value })} /></div>
                <button type="button" class="ghost" onClick={() => setShares(shares.filter((_, j) => j !== i))}>Remove</button>
                {errAt(`regionShares.${i}`) && <small class="error field-error">{errAt(`regionShares.${i}`)}</small>}
              </div>
            ))}
            <button type="button" class="ghost" onClick={() => setShares([...shares, { region: 'EU', min: '', max: '', of: 'spend' }])}>Add a region share</button>
          </fieldset>
          <div class="row">
            <div class="field"><label for="p-prices">Price list (CSV: xUserId or username, price) — optional</label>
              <input id="p-prices" type="file" accept=".csv,text/csv,text/plain" onChange={onFile} />
              <small class="note">{prices ? `${prices.name}: only people listed there are bought, at their price` : 'Without a list, prices follow the follower tiers (see docs/planning.md).'}</small>
              {errAt('prices') && <small class="error field-error">{errAt('prices')}</small>}</div>
            <div class="field check"><input id="p-conv" type="checkbox" checked={exclude} onChange={(e) => setExclude(e.currentTarget.checked)} /><label for="p-conv">Leave out people already in a conversation</label></div>
          </div>
          <button type="submit" disabled={busy}>{busy ? 'Planning…' : 'Plan'}</button>
          {error && <p class="error" role="alert">{error}</p>}
        </form>
      </section>
      {plan && <PlanView plan={plan} />}
      <Rising />
      <section class="panel" aria-labelledby="recent-h">
        <h2 id="recent-h">Recent plans</h2>
        {recent === null ? <p>Loading…</p> : recent.length === 0 ? <p class="empty">No plans yet: make one above. Standing plans are recomputed when the influence scores change.</p> : (
          <table><thead><tr><th scope="col">Plan</th><th scope="col">Computed</th><th scope="col">Influencers</th><th scope="col">Expected</th><th scope="col">Last change</th></tr></thead>
            <tbody>{recent.map((p) => (
              <tr><td><button type="button" class="link" onClick={() => get(`/plans/${p.id}`).then(setPlan).catch(() => undefined)}>{p.name}</button></td>
                <td>{fmtTime(p.computedAt)}</td><td>{p.chosen}</td><td>{p.outcome ? fmt(p.outcome.expected) : '—'}</td>
                <td>{p.changes ? `+${p.changes.added.length} / −${p.changes.removed.length}, ${p.changes.outcomeDelta >= 0 ? '+' : ''}${fmt(p.changes.outcomeDelta)}` : 'first version'}</td></tr>))}
            </tbody></table>
        )}
      </section>
    </div>
  );
}

function PlanView({ plan }: { plan: any }) {
  const r = plan.result;
  const o = r.outcome;
  return (
    <>
      <section class="panel" aria-labelledby="plan-h" data-panel="plan">
        <h2 id="plan-h">{plan.name}</h2>
        <p class="summary">Spends <strong>{fmt(r.spent)}</strong> of {fmt(r.budget)} on <strong>{r.chosen.length}</strong> influencers. Expected {r.goal.replace('_', ' ')}: <strong>{fmt(o.expected)}</strong> (90 % interval {fmt(o.low)}–{fmt(o.high)}); {fmt(o.reach)} people reached, {fmt(Math.max(0, o.sumOfStandalone - o.expected))} of shared audience not counted twice.</p>
        {plan.changes && <p class="note">Since the previous version: {plan.changes.added.length} added, {plan.changes.removed.length} removed, outcome {plan.changes.outcomeDelta >= 0 ? '+' : ''}{fmt(plan.changes.outcomeDelta)}.</p>}
        {r.chosen.length === 0 ? <p class="empty">Nobody fits this budget and these constraints. Raise the budget, loosen the shares, or upload prices for more people.</p> : (
          <table data-table="chosen"><thead><tr><th scope="col">Influencer</th><th scope="col">Country</th><th scope="col">Followers</th><th scope="col">Cost</th><th scope="col">Adds</th><th scope="col">Alone</th></tr></thead>
            <tbody>{r.chosen.map((c: any) => (
              <tr><td>@{c.username ?? c.xUserId}</td><td>{c.country ?? c.region}</td><td>{fmt(c.followers)}</td><td>{fmt(c.cost)}</td><td>{fmt(c.contribution)}</td><td>{fmt(c.standalone)}</td></tr>))}
            </tbody></table>
        )}
        <p class="note">Pool: {r.pool.considered} of {r.pool.eligible} eligible people (suppressed and opted-out people are never candidates); {r.pool.segments} shared audience segments; solved by HiGHS ({r.solver.status}).</p>
      </section>
      <section class="panel" aria-labelledby="curve-h" data-panel="curve">
        <h2 id="curve-h">What each extra 10 % of budget buys</h2>
        <Chart height={280} label={`Efficiency curve: ${r.curve.map((c: any) => `${Math.round(c.share * 100)}% buys ${fmt(c.outcome)}`).join(', ')}`} option={{
          tooltip: { trigger: 'axis' }, grid: { left: 70, right: 20, top: 20, bottom: 40 },
          xAxis: { type: 'category', data: r.curve.map((c: any) => `${Math.round(c.share * 100)}%`), name: 'budget' },
          yAxis: { type: 'value', name: r.goal },
          series: [{ type: 'line', name: 'outcome', data: r.curve.map((c: any) => Math.round(c.outcome)) }, { type: 'bar', name: 'marginal', data: r.curve.map((c: any) => Math.round(c.marginal)) }],
        }} />
        <table class="compact"><thead><tr><th scope="col">Budget</th>{r.curve.map((c: any) => <th scope="col">{Math.round(c.share * 100)}%</th>)}</tr></thead>
          <tbody><tr><th scope="row">Outcome</th>{r.curve.map((c: any) => <td>{fmt(c.outcome)}</td>)}</tr><tr><th scope="row">Extra</th>{r.curve.map((c: any) => <td>{fmt(c.marginal)}</td>)}</tr></tbody></table>
      </section>
      <section class="panel" aria-labelledby="cov-h" data-panel="coverage">
        <h2 id="cov-h">Coverage</h2>
        {r.coverage.points.length === 0 ? <p class="empty">None of the chosen influencers has a location we could place on the map.</p> : (
          <Chart height={360} label={`Map of reach by influencer location: ${r.coverage.regions.map((g: any) => `${g.region} ${Math.round(g.reachShare * 100)}%`).join(', ')}`} option={{
            geo: { map: 'world', roam: true, itemStyle: { areaColor: '#eef2f7', borderColor: '#9aa5b1' }, emphasis: { disabled: true } },
            series: [{ type: 'scatter', coordinateSystem: 'geo', data: r.coverage.points.map((p: any) => ({
              name: p.xUserId, value: [p.lon, p.lat, p.reach], symbolSize: 6 + 26 * Math.sqrt(p.reach / Math.max(...r.coverage.points.map((q: any) => q.reach))), itemStyle: { color: '#1f6feb', opacity: 0.7 },
            })) }],
          }} />
        )}
        <table data-table="regions"><thead><tr><th scope="col">Region</th><th scope="col">Influencers</th><th scope="col">Spend</th><th scope="col">Share of spend</th><th scope="col">Reach</th><th scope="col">Share of reach</th></tr></thead>
          <tbody>{r.coverage.regions.map((g: any) => (
            <tr><td>{g.region}</td><td>{g.influencers}</td><td>{fmt(g.spend)}</td><td>{(g.spendShare * 100).toFixed(1)} %</td><td>{fmt(g.reach)}</td><td>{(g.reachShare * 100).toFixed(1)} %</td></tr>))}
          </tbody></table>
      </section>
    </>
  );
}

function Rising() {
  const [data, setData] = useState<any>(undefined);
  useEffect(() => { get('/influencers/rising').then(setData).catch(() => setData(null)); }, []);
  const items: any[] = data?.items ?? [];
  return (
    <section class="panel" aria-labelledby="rising-h" data-panel="rising">
      <h2 id="rising-h">Rising</h2>
      {data?.period && items.length > 0 && <p class="note">Forecast influence for the period after the one starting {data.period}, largest predicted gain first.</p>}
      {data === undefined ? <p>Loading…</p> : items.length === 0 ? <p class="empty">No forecast yet: rising influencers appear once the influence history has a few periods.</p> : (
        <table><thead><tr><th scope="col">Person</th><th scope="col">Now</th><th scope="col">Predicted</th><th scope="col">Interval (80 %)</th><th scope="col">Trend</th></tr></thead>
          <tbody>{items.map((i) => (
            <tr><td>@{i.username ?? i.xUserId}</td><td>{Number(i.current).toFixed(3)}</td><td>{Number(i.predicted).toFixed(3)}</td><td>{Number(i.low).toFixed(3)}–{Number(i.high).toFixed(3)}</td><td>{TREND[i.trend] ?? ''} {String(i.trend)}</td></tr>))}
          </tbody></table>
      )}
    </section>
  );
}
