// Campaigns: list; a create/edit form that places each API validation error at its field, with a
// live preview of the X rules (the same builder the API uses) and filled-in template variants;
// start / pause / resume / stop; live stats as a funnel, per A/B variant.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, call, fmtTime, get, post, type Session } from '../api';
import { Chart } from '../chart';
import { buildRules, RULE_LIMITS, RuleBuildError } from '../../../src/domain/campaign/rules';
import { fill } from '../../../src/domain/conversation/templates';

type Issue = { path: string; message: string };

export function Campaigns({ session, sub }: { session: Session; sub: string[] }) {
  if (sub[0] === 'new') return <CampaignForm />;
  if (sub[0] && sub[1] === 'edit') return <CampaignForm id={sub[0]} />;
  if (sub[0]) return <CampaignDetail id={sub[0]} session={session} />;
  return <CampaignList />;
}

function CampaignList() {
  const [list, setList] = useState<any[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => { get('/campaigns?limit=200').then((r) => setList(r.campaigns)).catch((e) => setError(e.message)); }, []);
  return (
    <section aria-labelledby="camp-h">
      <h1 id="camp-h">Campaigns</h1>
      <p><a class="button" href="#/campaigns/new">New campaign</a></p>
      {error && <p class="error" role="alert">{error}</p>}
      {list && list.length === 0 && <p class="empty">No campaigns yet. Create one: what to track on X, who qualifies, and how to make first contact.</p>}
      {list && list.length > 0 && (
        <table>
          <caption class="sr-only">Campaigns, newest first</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Tracking</th><th scope="col">First contact</th><th scope="col">Created</th></tr></thead>
          <tbody>{list.map((c) => (
            <tr><td><a href={`#/campaigns/${c.id}`}>{c.name}</a></td><td><span class={`pill st-${c.status}`}>{c.status}</span></td>
              <td>{[...c.tracking.keywords, ...c.tracking.hashtags.map((h: string) => `#${h.replace(/^#/, '')}`), ...c.tracking.mentions.map((m: string) => `@${m.replace(/^@/, '')}`)].join(', ')}</td>
              <td>{c.conversation.firstContact}</td><td>{fmtTime(c.createdAt)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

interface Form {
  name: string; brand: string; keywords: string; mentions: string; hashtags: string; languages: string; access: 'basic' | 'pro' | 'enterprise';
  includeRetweets: boolean; minFollowers: string; minPositivity: string; requireVerified: boolean;
  firstContact: 'review' | 'opt-in' | 'auto'; consentBasis: string; greeting: string[]; help: string; replyTimeoutHours: string; maxReminders: string;
}
const EMPTY: Form = {
  name: '', brand: '', keywords: '', mentions: '', hashtags: '', languages: 'en', access: 'basic', includeRetweets: false,
  minFollowers: '100', minPositivity: '0.6', requireVerified: false, firstContact: 'review', consentBasis: '',
  greeting: ['Hi {name}! {brand} here. Reply YES to hear more, HELP for info or STOP to opt out.'], help: '', replyTimeoutHours: '72', maxReminders: '1',
};
const list = (s: string) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
const num = (s: string): number | string => (s.trim() === '' || Number.isNaN(Number(s)) ? s : Number(s));

export function toBody(f: Form) {
  return {
    name: f.name, brand: f.brand,
    tracking: { keywords: list(f.keywords), mentions: list(f.mentions), hashtags: list(f.hashtags), languages: list(f.languages), includeRetweets: f.includeRetweets, access: f.access },
    qualification: { minFollowers: num(f.minFollowers), minPositivity: num(f.minPositivity), requireVerified: f.requireVerified },
    conversation: { firstContact: f.firstContact, ...(f.consentBasis.trim() ? { consentBasis: f.consentBasis } : {}) },
    templates: { greeting: f.greeting.length === 1 ? f.greeting[0] : f.greeting, ...(f.help.trim() ? { help: f.help } : {}) },
    replyTimeoutMs: typeof num(f.replyTimeoutHours) === 'number' ? Math.round(Number(f.replyTimeoutHours) * 3_600_000) : f.replyTimeoutHours,
    maxReminders: num(f.maxReminders),
  };
}

function fromCampaign(c: any): Form {
  const g = c.templates.greeting;
  return {
    name: c.name, brand: c.brand, keywords: c.tracking.keywords.join(', '), mentions: c.tracking.mentions.join(', '), hashtags: c.tracking.hashtags.join(', '),
    languages: c.tracking.languages.join(', '), access: c.tracking.access, includeRetweets: c.tracking.includeRetweets,
    minFollowers: String(c.qualification.minFollowers), minPositivity: String(c.qualification.minPositivity), requireVerified: c.qualification.requireVerified,
    firstContact: c.conversation.firstContact, consentBasis: c.conversation.consentBasis ?? '', greeting: g ? (Array.isArray(g) ? g : [g]) : EMPTY.greeting,
    help: typeof c.templates.help === 'string' ? c.templates.help : '', replyTimeoutHours: String(c.replyTimeoutMs / 3_600_000), maxReminders: String(c.maxReminders),
  };
}

function rulePreview(f: Form): { rules: string[]; error?: string } {
  try {
    return { rules: buildRules({ keywords: list(f.keywords), mentions: list(f.mentions), hashtags: list(f.hashtags), languages: list(f.languages), includeRetweets: f.includeRetweets, access: f.access }) };
  } catch (e) {
    if (e instanceof RuleBuildError) return { rules: [], error: e.message };
    return { rules: [], error: 'a keyword, mention or hashtag is not valid' };
  }
}

function CampaignForm({ id }: { id?: string }) {
  const [f, setF] = useState<Form>(EMPTY);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (id) get(`/campaigns/${id}`).then((c) => setF(fromCampaign(c))).catch((e) => setMsg(e.message)); }, [id]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((x) => ({ ...x, [k]: v }));
  const errs = (prefix: string) => issues.filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMsg('');
    try {
      const r = await call(id ? 'PATCH' : 'POST', id ? `/campaigns/${id}` : '/campaigns', toBody(f));
      setIssues([]);
      location.hash = `#/campaigns/${r.body.id}`;
    } catch (err) {
      if (err instanceof ApiError && err.details?.length) {
        setIssues(err.details);
        setMsg('Please fix the fields marked below.');
        setTimeout(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus(), 0);
      } else setMsg(err instanceof Error ? err.message : String(err));
    } finally { setBusy(false); }
  };
  const preview = rulePreview(f);
  const limit = RULE_LIMITS[f.access].ruleLength;
  const field = (key: keyof Form, label: string, path: string, o: { type?: string; hint?: string; step?: string } = {}) => {
    const es = errs(path);
    const idf = `f-${key}`;
    return (
      <div class="field">
        <label for={idf}>{label}</label>
        <input id={idf} name={path} type={o.type ?? 'text'} step={o.step} value={f[key] as string} onInput={(e) => set(key, e.currentTarget.value as never)}
          aria-invalid={es.length ? 'true' : undefined} aria-describedby={es.length ? `${idf}-err` : o.hint ? `${idf}-hint` : undefined} />
        {o.hint && !es.length && <small id={`${idf}-hint`} class="hint">{o.hint}</small>}
        {es.length > 0 && <small id={`${idf}-err`} class="error field-error" data-path={path}>{es.map((x) => x.message).join('; ')}</small>}
      </div>
    );
  };
  return (
    <section aria-labelledby="form-h">
      <h1 id="form-h">{id ? 'Edit campaign' : 'New campaign'}</h1>
      {msg && <p class={issues.length ? 'error' : 'note'} role="alert">{msg}</p>}
      <form class="campaign-form" onSubmit={submit} noValidate>
        <fieldset><legend>Campaign</legend>
          {field('name', 'Name', 'name')}
          {field('brand', 'Brand (fills {brand})', 'brand')}
        </fieldset>
        <fieldset><legend>What to track on X</legend>
          {field('keywords', 'Keywords or phrases (comma separated)', 'tracking.keywords')}
          {field('hashtags', 'Hashtags', 'tracking.hashtags')}
          {field('mentions', 'Mentions', 'tracking.mentions')}
          {field('languages', 'Languages (ISO codes)', 'tracking.languages')}
          <div class="field"><label for="f-access">X access level</label>
            <select id="f-access" value={f.access} onChange={(e) => set('access', e.currentTarget.value as Form['access'])}>
              <option value="basic">basic (512 characters per rule)</option><option value="pro">pro (1,024)</option><option value="enterprise">enterprise (2,048)</option>
            </select></div>
          <div class="field check"><input id="f-rt" type="checkbox" checked={f.includeRetweets} onChange={(e) => set('includeRetweets', e.currentTarget.checked)} /><label for="f-rt">Include retweets</label></div>
          <div class="preview" aria-live="polite" aria-label="Rule preview">
            <strong>X rules preview</strong>
            {preview.error ? <p class="error">{preview.error}</p> : preview.rules.map((r) => (
              <p><code>{r}</code> <span class={r.length > limit ? 'error' : 'muted'} data-testid="rule-length">{r.length} / {limit}</span></p>
            ))}
          </div>
        </fieldset>
        <fieldset><legend>Who qualifies</legend>
          {field('minFollowers', 'Minimum followers', 'qualification.minFollowers', { type: 'number' })}
          {field('minPositivity', 'Minimum positivity of their tweet (0–1)', 'qualification.minPositivity', { type: 'number', step: '0.05' })}
          <div class="field check"><input id="f-ver" type="checkbox" checked={f.requireVerified} onChange={(e) => set('requireVerified', e.currentTarget.checked)} /><label for="f-ver">Verified accounts only</label></div>
        </fieldset>
        <fieldset><legend>First contact and consent</legend>
          <div class="field"><label for="f-fc">Policy</label>
            <select id="f-fc" value={f.firstContact} onChange={(e) => set('firstContact', e.currentTarget.value as Form['firstContact'])}>
              <option value="review">review: a person approves each prospect</option><option value="opt-in">opt-in: only after they opt in</option><option value="auto">auto: greet at once (needs a consent basis)</option>
            </select></div>
          {field('consentBasis', 'Consent basis', 'conversation.consentBasis', { hint: 'Why messaging these people is allowed (required for auto).' })}
          {field('replyTimeoutHours', 'Reply timeout (hours)', 'replyTimeoutMs', { type: 'number' })}
          {field('maxReminders', 'Reminders (0–5)', 'maxReminders', { type: 'number' })}
        </fieldset>
        <fieldset><legend>Greeting (A/B variants)</legend>
          {f.greeting.map((g, i) => {
            const es = [...errs(`templates.greeting.${i}`), ...(f.greeting.length === 1 ? errs('templates.greeting') : [])];
            return (
              <div class="field variant">
                <label for={`f-g${i}`}>Variant {String.fromCharCode(65 + i)}</label>
                <textarea id={`f-g${i}`} rows={2} value={g} aria-invalid={es.length ? 'true' : undefined} aria-describedby={es.length ? `f-g${i}-err` : undefined}
                  onInput={(e) => { const v = e.currentTarget.value; setF((x) => ({ ...x, greeting: x.greeting.map((y, j) => (j === i ? v : y)) })); }} />
                {es.length > 0 && <small id={`f-g${i}-err`} class="error field-error">{es.map((x) => x.message).join('; ')}</small>}
                <p class="filled"><span class="muted">Preview:</span> {fill(g, { name: 'Ada', brand: f.brand || 'YourBrand' })} <span class="muted">({fill(g, { name: 'Ada', brand: f.brand || 'YourBrand' }).length} chars)</span></p>
                {f.greeting.length > 1 && <button type="button" class="ghost" onClick={() => setF((x) => ({ ...x, greeting: x.greeting.filter((_, j) => j !== i) }))}>Remove variant {String.fromCharCode(65 + i)}</button>}
              </div>
            );
          })}
          {errs('templates.greeting').length > 0 && f.greeting.length > 1 && <small class="error field-error">{errs('templates.greeting').filter((x) => x.path === 'templates.greeting').map((x) => x.message).join('; ')}</small>}
          {f.greeting.length < 5 && <button type="button" class="ghost" onClick={() => setF((x) => ({ ...x, greeting: [...x.greeting, ''] }))}>Add variant</button>}
          {field('help', 'Help message (optional)', 'templates.help')}
        </fieldset>
        <button type="submit" disabled={busy}>{id ? 'Save changes' : 'Create campaign'}</button>{' '}
        <a href={id ? `#/campaigns/${id}` : '#/campaigns'}>Cancel</a>
      </form>
    </section>
  );
}

const ACTIONS: Record<string, string[]> = { draft: ['start'], running: ['pause', 'stop'], paused: ['resume', 'stop'], stopping: [], stopped: [] };

function CampaignDetail({ id }: { id: string; session: Session }) {
  const [c, setC] = useState<any>(null);
  const [stats, setStats] = useState<any>(null);
  const [msg, setMsg] = useState('');
  const load = useCallback(async () => {
    const [cc, st] = await Promise.all([get(`/campaigns/${id}`), get(`/campaigns/${id}/stats`)]);
    setC(cc);
    setStats(st);
  }, [id]);
  useEffect(() => {
    load().catch((e) => setMsg(e.message));
    const t = setInterval(() => { load().catch(() => undefined); }, 3000);
    return () => clearInterval(t);
  }, [load]);
  if (!c) return <p aria-busy="true">{msg || 'Loading…'}</p>;
  const act = async (a: string) => {
    setMsg('');
    try { setC(await post(`/campaigns/${id}/${a}`)); } catch (e) { setMsg((e as Error).message); }
  };
  const steps = stats ? [['tweets', stats.tweets], ['qualified', stats.qualified], ['contacted', stats.contacted], ['replied', stats.replies], ['yes', stats.yes], ['help (limit)', stats.helpLimit], ['stop', stats.stop]] as [string, number][] : [];
  const variants = stats ? Object.entries(stats.byVariant as Record<string, any>) : [];
  return (
    <section aria-labelledby="cd-h">
      <p><a href="#/campaigns">← Campaigns</a></p>
      <h1 id="cd-h">{c.name} <span class={`pill st-${c.status}`} data-testid="status">{c.status}</span></h1>
      <div class="actions">
        {ACTIONS[c.status]?.map((a) => <button type="button" class={a === 'stop' ? 'danger' : ''} onClick={() => act(a)}>{a[0]!.toUpperCase() + a.slice(1)}</button>)}
        <a class="button ghost" href={`#/campaigns/${id}/edit`}>Edit</a>
      </div>
      {msg && <p class="error" role="alert">{msg}</p>}
      <h2>Funnel</h2>
      {stats && stats.tweets === 0 && <p class="empty">No tweets yet. {c.status === 'draft' ? 'Start the campaign to add its rules at X.' : 'Tweets matching the rules appear here as they arrive.'}</p>}
      <dl class="stats" data-testid="stats">{steps.map(([k, v]) => <><dt>{k}</dt><dd data-stat={k}>{v}</dd></>)}</dl>
      {stats && stats.tweets > 0 && <Chart label={`Funnel: ${steps.map(([k, v]) => `${k} ${v}`).join(', ')}`} option={{
        tooltip: { trigger: 'item' },
        series: [{ type: 'funnel', sort: 'none', minSize: '4%', label: { formatter: '{b}: {c}' }, data: steps.map(([name, value]) => ({ name, value })) }],
      }} />}
      <h2>Per variant</h2>
      {variants.length > 0 && <Chart height={240} label={`Per variant: ${variants.map(([v, x]) => `${v} contacted ${x.contacted}, replied ${x.replies}, yes ${x.yes}, stop ${x.stop}`).join('; ')}`} option={{
        tooltip: { trigger: 'axis' }, legend: { data: ['contacted', 'replied', 'yes', 'help (limit)', 'stop'] },
        xAxis: { type: 'category', data: variants.map(([v]) => v) }, yAxis: { type: 'value', minInterval: 1 },
        series: ([['contacted', 'contacted'], ['replied', 'replies'], ['yes', 'yes'], ['help (limit)', 'helpLimit'], ['stop', 'stop']] as const)
          .map(([name, k]) => ({ name, type: 'bar', data: variants.map(([, x]) => x[k]) })),
      }} />}
      {variants.length === 0 ? <p class="empty">No conversations yet: variants are compared once people are contacted.</p> : (
        <table><caption class="sr-only">Results per A/B variant</caption>
          <thead><tr><th scope="col">Variant</th><th scope="col">Contacted</th><th scope="col">Replied</th><th scope="col">Yes</th><th scope="col">Stop</th><th scope="col">No response</th></tr></thead>
          <tbody>{variants.map(([v, s]) => <tr><td>{v}</td><td>{s.contacted}</td><td>{s.replies}</td><td>{s.yes}</td><td>{s.stop}</td><td>{s.noResponse}</td></tr>)}</tbody>
        </table>
      )}
      <h2>Settings</h2>
      <p>Tracking: <code>{buildRulesSafe(c.tracking)}</code></p>
      <p>First contact: {c.conversation.firstContact}{c.conversation.consentBasis ? ` — ${c.conversation.consentBasis}` : ''}</p>
    </section>
  );
}

function buildRulesSafe(t: any): string {
  try { return buildRules(t).join('  |  '); } catch { return '—'; }
}
