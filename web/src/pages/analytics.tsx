// Analytics for marketers and operators: top influencers (filter, sort), their map, word clouds
// per sentiment, hashtag trends, crisis alerts, customer clusters (2-D projection) and a person's
// mood. Every panel says what to do when there is nothing to show yet.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, can, fmtTime, get, type Session } from '../api';
import { Chart } from '../chart';
import { project2d } from '../pca';

const SENT_COLOR: Record<string, string> = { positive: '#1b7f3b', neutral: '#6b7280', negative: '#b42318' };
type SortKey = 'score' | 'followers' | 'retweets' | 'tweets';

export function Analytics({ session }: { session: Session }) {
  const [campaigns, setCampaigns] = useState<any[]>([]);
  const [campaignId, setCampaignId] = useState('');
  const [keyword, setKeyword] = useState('');
  const [sentiment, setSentiment] = useState('');
  const [people, setPeople] = useState<any[] | null>(null);
  const [err, setErr] = useState('');
  const [sort, setSort] = useState<SortKey>('score');
  const [person, setPerson] = useState<any>(null);
  useEffect(() => {
    if (!can(session.role, 'campaigns')) { setKeyword('acme'); return; }
    get('/campaigns?limit=200').then((r) => {
      setCampaigns(r.campaigns);
      if (r.campaigns[0]) setCampaignId(r.campaigns[0].id); else setKeyword('acme');
    }).catch(() => setKeyword('acme'));
  }, [session.role]);
  useEffect(() => {
    if (!campaignId && !keyword.trim()) { setPeople(null); return; }
    const q = new URLSearchParams({ limit: '50' });
    if (campaignId) q.set('campaignId', campaignId);
    if (keyword.trim()) q.set('keyword', keyword.trim());
    if (sentiment) q.set('sentiment', sentiment);
    const t = setTimeout(() => {
      get(`/analytics/influencers?${q}`).then((r) => { setPeople(r.people); setErr(''); }).catch((e) => setErr(e instanceof ApiError ? e.message : String(e)));
    }, 250);
    return () => clearTimeout(t);
  }, [campaignId, keyword, sentiment]);
  const sorted = useMemo(() => (people ? [...people].sort((a, b) => (b[sort] ?? 0) - (a[sort] ?? 0)) : null), [people, sort]);
  const placed = (people ?? []).filter((p) => p.coordinates);
  return (
    <div class="analytics">
      <h1>Analytics</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        {campaigns.length > 0 && <label>Campaign <select id="f-campaign" value={campaignId} onChange={(e) => setCampaignId(e.currentTarget.value)}>
          <option value="">any (needs a keyword)</option>{campaigns.map((c) => <option value={c.id}>{c.name}</option>)}</select></label>}
        <label>Keyword <input id="f-keyword" value={keyword} onInput={(e) => setKeyword(e.currentTarget.value)} placeholder="acme or #hashtag" /></label>
        <label>Sentiment <select id="f-sentiment" value={sentiment} onChange={(e) => setSentiment(e.currentTarget.value)}>
          <option value="">all</option><option value="positive">positive</option><option value="neutral">neutral</option><option value="negative">negative</option></select></label>
      </form>
      {err && <p class="error" role="alert">{err}</p>}

      <section class="panel" aria-labelledby="inf-h" data-panel="influencers">
        <h2 id="inf-h">Top influencers</h2>
        {sorted && sorted.length === 0 && <p class="empty">No influence scores for this filter yet. Start a campaign that tracks it; scores are computed every 5 minutes (schedule analytics-influence).</p>}
        {sorted && sorted.length > 0 && (
          <table>
            <caption class="sr-only">Top influencers, sortable</caption>
            <thead><tr><th scope="col">Person</th>
              {(['score', 'followers', 'retweets', 'tweets'] as SortKey[]).map((k) => (
                <th scope="col" aria-sort={sort === k ? 'descending' : 'none'}><button type="button" class="link" onClick={() => setSort(k)}>{k}{sort === k ? ' ▼' : ''}</button></th>))}
              <th scope="col">Sentiment</th><th scope="col">Location</th><th scope="col">Top tweet</th></tr></thead>
            <tbody>{sorted.map((p) => (
              <tr><td><button type="button" class="link" onClick={() => setPerson(p)}>@{p.username ?? p.userId}</button></td>
                <td>{p.score.toFixed(3)}</td><td>{p.followers.toLocaleString()}</td><td>{p.retweets}</td><td>{p.tweets}</td>
                <td><span class={`pill s-${p.sentiment}`}>{p.sentiment}</span></td><td>{p.location ?? '—'}</td><td class="clip">{p.topTweet?.text ?? ''}</td></tr>))}
            </tbody>
          </table>
        )}
      </section>

      <section class="panel" aria-labelledby="map-h" data-panel="map">
        <h2 id="map-h">Influencer map</h2>
        {placed.length === 0 ? <p class="empty">Nobody in this list has a location we could place (locations are matched offline against a city list). Widen the filter or wait for the next influence run.</p> : (
          <Chart height={380} label={`Map of ${placed.length} influencers by location: ${placed.slice(0, 10).map((p) => `@${p.username} in ${p.coordinates.name}`).join(', ')}`} option={{
            tooltip: { trigger: 'item', formatter: (x: any) => `@${x.data.name}<br/>${x.data.place}` },
            geo: { map: 'world', roam: true, itemStyle: { areaColor: '#eef2f7', borderColor: '#9aa5b1' }, emphasis: { disabled: true } },
            series: [{ type: 'scatter', coordinateSystem: 'geo', data: placed.map((p) => ({
              name: p.username ?? p.userId, place: p.coordinates.name, value: [p.coordinates.lon, p.coordinates.lat, p.score],
              symbolSize: 6 + 24 * Math.sqrt(p.score / (placed[0]?.score || 1)), itemStyle: { color: SENT_COLOR[p.sentiment] ?? '#555', opacity: 0.8 },
            })) }],
          }} />
        )}
      </section>

      {person && <Mood person={person} />}
      <WordClouds />
      <Trends />
      <Alerts />
      <Clusters />
    </div>
  );
}

function Mood({ person }: { person: any }) {
  const [m, setM] = useState<any>(undefined);
  useEffect(() => { setM(undefined); get(`/analytics/moods/${person.userId}`).then(setM).catch(() => setM(null)); }, [person.userId]);
  return (
    <section class="panel" aria-labelledby="mood-h" data-panel="mood">
      <h2 id="mood-h">Mood of @{person.username ?? person.userId}</h2>
      {m === undefined && <p aria-busy="true">Loading…</p>}
      {m === null && <p class="empty">No mood computed for this person yet (schedule analytics-mood runs hourly).</p>}
      {m && (
        <div class="mood">
          <p><strong data-testid="mood-status">{m.status ?? 'unknown'}</strong> · valence {m.valence.toFixed(2)}, arousal {m.arousal.toFixed(2)} over {m.tweetsConsidered} tweets</p>
          <dl>{Object.entries(m.emotions as Record<string, number>).map(([k, v]) => <><dt>{k}</dt><dd>{(v * 100).toFixed(0)}%</dd></>)}</dl>
          {m.happiest && <p>Happiest: “{m.happiest.text}”</p>}
          {m.saddest && <p>Saddest: “{m.saddest.text}”</p>}
          {m.recommendations && <p>Recommended hashtags: {m.recommendations.hashtags.map((h: any) => `#${h.tag}`).join(', ') || '—'}</p>}
        </div>
      )}
    </section>
  );
}

function WordClouds() {
  const [data, setData] = useState<Record<string, any> | null>(null);
  useEffect(() => { get('/analytics/wordclouds').then(setData).catch(() => setData({})); }, []);
  if (!data) return null;
  const kinds = ['positive', 'neutral', 'negative'].filter((k) => data[k]?.terms?.length);
  return (
    <section class="panel" aria-labelledby="wc-h" data-panel="wordclouds">
      <h2 id="wc-h">Word clouds by sentiment</h2>
      {kinds.length === 0 ? <p class="empty">No word clouds yet: they are built from the last day's tweets by the trends job (every 5 minutes) once a campaign brings tweets in.</p> : (
        <div class="grid3">{kinds.map((k) => (
          <figure><figcaption>{k} ({data[k].tweets} tweets)</figcaption>
            <Chart height={240} label={`${k} words: ${data[k].terms.slice(0, 15).map((t: any) => t.term).join(', ')}`} option={{
              series: [{ type: 'wordCloud', shape: 'circle', gridSize: 4, sizeRange: [11, 40], rotationRange: [0, 0], width: '100%', height: '100%',
                textStyle: { color: SENT_COLOR[k] }, data: data[k].terms.slice(0, 60).map((t: any) => ({ name: t.term, value: Math.max(1, t.weight) })) }],
            }} />
          </figure>))}
        </div>
      )}
    </section>
  );
}

function Trends() {
  const [keys, setKeys] = useState<any[] | null>(null);
  const [pick, setPick] = useState('');
  const [series, setSeries] = useState<any>(null);
  useEffect(() => { get('/analytics/trends/keys?hours=168&limit=20').then((r) => { setKeys(r.keys); if (r.keys[0]) setPick(`${r.keys[0].kind}:${r.keys[0].key}`); }).catch(() => setKeys([])); }, []);
  useEffect(() => {
    if (!pick) return;
    const [kind, key] = [pick.slice(0, pick.indexOf(':')), pick.slice(pick.indexOf(':') + 1)];
    get(`/analytics/trends?kind=${kind}&key=${encodeURIComponent(key)}&hours=168`).then(setSeries).catch(() => setSeries(null));
  }, [pick]);
  return (
    <section class="panel" aria-labelledby="tr-h" data-panel="trends">
      <h2 id="tr-h">Hashtag trends</h2>
      {keys && keys.length === 0 && <p class="empty">No trends yet: hourly volumes and sentiment appear once a running campaign brings tweets in (trends job, every 5 minutes).</p>}
      {keys && keys.length > 0 && <label>Series <select value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
        {keys.map((k) => <option value={`${k.kind}:${k.key}`}>{k.kind === 'hashtag' ? '#' : ''}{k.key} ({k.count})</option>)}</select></label>}
      {series && series.points.length > 0 && <Chart label={`Hourly volume and average sentiment of ${series.key}`} option={{
        tooltip: { trigger: 'axis' }, legend: { data: ['tweets', 'avg sentiment'] },
        xAxis: { type: 'category', data: series.points.map((p: any) => new Date(p.hour).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit' })) },
        yAxis: [{ type: 'value', name: 'tweets' }, { type: 'value', name: 'sentiment', min: -1, max: 1 }],
        series: [{ name: 'tweets', type: 'bar', data: series.points.map((p: any) => p.count), itemStyle: { color: '#3b6fb6' } },
          { name: 'avg sentiment', type: 'line', yAxisIndex: 1, data: series.points.map((p: any) => p.avgSentiment), itemStyle: { color: '#c2410c' } }],
      }} />}
    </section>
  );
}

function Alerts() {
  const [alerts, setAlerts] = useState<any[] | null>(null);
  useEffect(() => { get('/analytics/alerts?limit=20').then((r) => setAlerts(r.alerts)).catch(() => setAlerts([])); }, []);
  return (
    <section class="panel" aria-labelledby="al-h" data-panel="alerts">
      <h2 id="al-h">Crisis alerts</h2>
      {alerts && alerts.length === 0 && <p class="empty">No crisis alerts: a sudden volume spike or sentiment drop on a tracked hashtag shows here (and is POSTed to ALERT_WEBHOOK_URL when set).</p>}
      {alerts && alerts.length > 0 && (
        <table><caption class="sr-only">Crisis alerts, newest first</caption>
          <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Type</th><th scope="col">Observed / baseline</th><th scope="col">Why</th><th scope="col">Webhook</th></tr></thead>
          <tbody>{alerts.map((a) => <tr><td>{fmtTime(a.hour)}</td><td>{a.kind === 'hashtag' ? '#' : ''}{a.key}</td><td>{a.type.replace('_', ' ')}</td>
            <td>{a.observed.toFixed(2)} / {a.baseline.toFixed(2)} (z {a.zScore.toFixed(1)})</td><td>{a.reasons.join('; ')}</td><td>{a.delivery.status}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

function Clusters() {
  const [c, setC] = useState<any>(undefined);
  useEffect(() => { get('/analytics/clusters').then(setC).catch(() => setC(null)); }, []);
  if (c === undefined) return null;
  const features = c ? Object.keys(c.clusters[0]?.centroid ?? {}) : [];
  const pts = c ? project2d(c.clusters.map((k: any) => features.map((f) => Math.log1p(Math.abs(k.centroid[f])) * Math.sign(k.centroid[f])))) : [];
  const palette = ['#3b6fb6', '#c2410c', '#1b7f3b', '#7c3aed', '#b42318', '#0e7490', '#a16207', '#be185d', '#4d7c0f', '#1e3a8a', '#9a3412', '#374151'];
  const biggest = c ? Math.max(...c.clusters.map((k: any) => k.size)) : 1;
  return (
    <section class="panel" aria-labelledby="cl-h" data-panel="clusters">
      <h2 id="cl-h">Customer clusters</h2>
      {!c ? <p class="empty">No clusters yet: the clusters job (hourly, schedule analytics-clusters) segments customer profiles once there are some.</p> : (
        <>
          <p class="muted">{c.profiles} profiles, k = {c.k} (elbow {c.kneeK}, silhouette {c.silhouette.toFixed(2)}), {fmtTime(c.computedAt)}. Each bubble is a cluster's centre projected to 2-D (PCA), sized by members.</p>
          <Chart label={`Clusters: ${c.clusters.map((k: any) => `cluster ${k.cluster} with ${k.size} people`).join(', ')}`} option={{
            tooltip: { trigger: 'item', formatter: (x: any) => `cluster ${x.data.cluster}: ${x.data.size} people` },
            xAxis: { type: 'value', name: 'PC1', scale: true }, yAxis: { type: 'value', name: 'PC2', scale: true },
            series: [{ type: 'scatter', data: c.clusters.map((k: any, i: number) => ({
              value: pts[i], cluster: k.cluster, size: k.size, symbolSize: 14 + 50 * Math.sqrt(k.size / biggest), itemStyle: { color: palette[i % palette.length], opacity: 0.75 },
            })) }],
          }} />
          <table><caption class="sr-only">Cluster summaries</caption>
            <thead><tr><th scope="col">Cluster</th><th scope="col">People</th><th scope="col">Typical member</th><th scope="col">Sentiment mix</th><th scope="col">Top hashtags</th></tr></thead>
            <tbody>{c.clusters.map((k: any, i: number) => <tr><td><span class="dot" style={{ background: palette[i % palette.length] }} /> {k.cluster}</td><td>{k.size}</td>
              <td>{features.slice(0, 4).map((f) => `${f} ${Number(k.centroid[f]).toFixed(f.includes('polarity') || f.includes('subjectivity') ? 2 : 0)}`).join(', ')}</td>
              <td>{mix(k.sentimentMix)}</td>
              <td>{k.topHashtags.slice(0, 3).map((h: any) => `#${h.tag}`).join(' ')}</td></tr>)}</tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** A cluster's sentiment mix (counts or shares) as percentages. */
function mix(m: Record<string, number>): string {
  const total = Object.values(m).reduce((a, b) => a + b, 0) || 1;
  return Object.entries(m).map(([s, v]) => `${s} ${Math.round((v / total) * 100)}%`).join(', ');
}
