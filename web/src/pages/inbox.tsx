// Agents' inbox: open and claimed escalations (high priority, then newest first), updated live by
// server-sent events; the thread with the person beside it; claim, reply (with the DM's delivery
// state), resolve. Keys: j/k move, c claim, r reply, e resolve.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, action, agentName, ago, get, isMe, workflowUrl, type Session } from '../api';

interface Msg { id: string; at: string; from: string; text: string; agent?: string }
interface Escalation {
  _id: string; conversationId: string; workflowId: string; campaignId: string; xUserId: string; username?: string;
  priority: 'high' | 'low'; reason: string; status: 'open' | 'claimed' | 'resolved'; claimedBy?: string; outcome?: string;
  thread: Msg[]; createdAt: string; updatedAt: string;
}
type Delivery = { state: string; reason?: string; text: string };
const FINAL = new Set(['sent', 'unknown', 'failed']);
const STATE_LABEL: Record<string, string> = { queued: 'queued', held: 'held by the DM rate limit', sent: 'sent', unknown: 'unknown (may have reached X; never resent)', failed: 'failed' };
export const OUTCOMES = ['converted', 'answered', 'not-interested', 'spam', 'other'];

export function sortInbox(items: Escalation[]): Escalation[] {
  return [...items].sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1) || new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
}

export function Inbox({ session }: { session: Session }) {
  const [items, setItems] = useState<Escalation[]>([]);
  const [sel, setSel] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [error, setError] = useState('');
  const load = useCallback(async () => {
    try {
      const [open, claimed] = await Promise.all([get('/escalations?status=open&limit=200'), get('/escalations?status=claimed&limit=200')]);
      setItems(sortInbox([...open.items, ...claimed.items]));
      setError('');
    } catch (e) { setError((e as Error).message); }
  }, []);
  useEffect(() => {
    void load();
    const es = new EventSource('/events');
    es.addEventListener('ready', () => { setLive(true); void load(); });
    es.addEventListener('escalations', () => { void load(); });
    es.onerror = () => setLive(false);
    return () => es.close();
  }, [load]);
  const current = items.find((i) => i._id === sel) ?? null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      const idx = items.findIndex((i) => i._id === sel);
      if (e.key === 'j' || e.key === 'k') {
        const next = items[Math.min(items.length - 1, Math.max(0, idx + (e.key === 'j' ? 1 : -1)))];
        if (next) { setSel(next._id); document.getElementById(`esc-${next._id}`)?.focus(); }
      } else if (e.key === 'c') document.getElementById('claim')?.click();
      else if (e.key === 'r') { e.preventDefault(); document.getElementById('reply-text')?.focus(); }
      else if (e.key === 'e') { e.preventDefault(); document.getElementById('outcome')?.focus(); }
      else return;
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [items, sel]);

  return (
    <div class="inbox">
      <section class="list" aria-labelledby="inbox-h">
        <h1 id="inbox-h">Inbox <span class={live ? 'live on' : 'live'} aria-live="polite">{live ? 'live' : 'connecting…'}</span></h1>
        <p class="hint">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>c</kbd> claim, <kbd>r</kbd> reply, <kbd>e</kbd> resolve</p>
        {error && <p class="error" role="alert">{error}</p>}
        {items.length === 0 && <p class="empty">No open escalations. When someone answers YES to a campaign's DM (or needs more help than the bot gives), they appear here by themselves.</p>}
        <ul role="listbox" aria-label="Escalations">
          {items.map((i) => (
            <li id={`esc-${i._id}`} role="option" tabIndex={0} aria-selected={i._id === sel} class={`esc ${i._id === sel ? 'sel' : ''}`}
              onClick={() => setSel(i._id)} onKeyDown={(e) => { if (e.key === 'Enter') setSel(i._id); }} data-id={i._id}>
              <span class={`pill ${i.priority}`}>{i.priority}</span>
              <strong>@{i.username ?? i.xUserId}</strong> <span class="muted">{i.reason}</span>
              <span class="when">{ago(i.createdAt)}</span>
              <div class="muted small">{i.status === 'claimed' ? `claimed by ${isMe(session, i.claimedBy) ? 'you' : agentName(i.claimedBy)}` : 'open'} · {i.campaignId}</div>
            </li>
          ))}
        </ul>
      </section>
      {current ? <Detail key={current._id} esc={current} session={session} reload={load} /> : <section class="detail empty">Select an escalation (or press <kbd>j</kbd>).</section>}
    </div>
  );
}

function Detail({ esc, session, reload }: { esc: Escalation; session: Session; reload: () => Promise<void> }) {
  const [full, setFull] = useState<Escalation>(esc);
  const [ctx, setCtx] = useState<any>(null);
  const [convo, setConvo] = useState<any>(null);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState('');
  const [delivery, setDelivery] = useState<Delivery[]>([]);
  const [msg, setMsg] = useState('');
  const alive = useRef(true);
  const refresh = useCallback(async () => { setFull(await get(`/escalations/${esc._id}`)); }, [esc._id]);
  useEffect(() => {
    alive.current = true;
    void refresh();
    // Profiles are written a few seconds after their tweets: until there is one, look again.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loadCtx = (left: number) => get(`/inbox/${esc._id}/context`).then((c) => {
      if (!alive.current) return;
      setCtx(c);
      if (!c.person && left > 0) timer = setTimeout(() => { void loadCtx(left - 1); }, 2000);
    }).catch(() => setCtx(null));
    void loadCtx(15);
    get(`/conversations/${esc.conversationId}`).then(setConvo).catch(() => setConvo(null));
    return () => { alive.current = false; clearTimeout(timer); };
  }, [esc._id, esc.updatedAt]);
  const mine = full.status === 'claimed' && isMe(session, full.claimedBy);
  const act = async (fn: () => Promise<void>) => {
    setMsg('');
    try { await fn(); } catch (e) { setMsg(e instanceof ApiError ? e.message : String(e)); }
    await reload();
    await refresh().catch(() => undefined);
  };
  const claim = () => act(async () => { await action(`/escalations/${esc._id}/claim`, {}); });
  const send = (e: Event) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    void act(async () => {
      const r = await action(`/escalations/${esc._id}/reply`, { text: body });
      setText('');
      const i = delivery.length;
      const put = (d: Delivery) => setDelivery((all) => { const n = [...all]; n[i] = d; return n; });
      if (r.status === 202 && r.body?.action?.id) {
        // The actions API: follow the DM until it is sent, unknown or failed.
        let state = r.body.action.state as string;
        put({ state, text: body });
        for (let n = 0; n < 240 && !FINAL.has(state) && alive.current; n++) {
          await new Promise((res) => setTimeout(res, 500));
          const a = await get(`/escalations/${esc._id}/actions/${r.body.action.id}`);
          state = a.state;
          put({ state, reason: a.reason, text: body });
        }
      } else {
        put({ state: r.body?.status ?? 'sent', text: body });
      }
    });
  };
  const resolve = (e: Event) => {
    e.preventDefault();
    if (!outcome) return;
    void act(async () => { await action(`/escalations/${esc._id}/resolve`, { outcome }); });
  };
  const wf = workflowUrl(session.links, full.workflowId);
  return (
    <section class="detail" aria-labelledby="detail-h">
      <div class="thread">
        <h2 id="detail-h">@{full.username ?? full.xUserId} <span class={`pill ${full.priority}`}>{full.priority}</span></h2>
        <p class="muted">
          {full.status === 'open' ? 'Open — nobody holds it yet.' : full.status === 'claimed' ? <>Held by <strong data-testid="holder" title={full.claimedBy}>{isMe(session, full.claimedBy) ? 'you' : agentName(full.claimedBy)}</strong>.</> : `Resolved: ${full.outcome ?? ''}`}
          {wf && <> · <a href={wf} target="_blank" rel="noopener noreferrer">Workflow in Temporal UI</a></>}
        </p>
        <ol class="msgs" aria-label="Thread">
          {(convo?.transcript ?? full.thread).map((m: Msg & { template?: string }) => (
            <li class={`msg ${m.from}`}><span class="from">{m.from === 'agent' ? agentName(m.agent) || 'agent' : m.from}</span> {m.text}<time class="muted small"> {ago(m.at)}</time></li>
          ))}
        </ol>
        {delivery.length > 0 && (
          <ul class="delivery" aria-label="Your replies" aria-live="polite">
            {delivery.map((d) => <li>“{d.text}” — <span class={`state ${d.state}`} data-state={d.state}>{STATE_LABEL[d.state] ?? d.state}</span>{d.reason ? ` (${d.reason})` : ''}</li>)}
          </ul>
        )}
        {msg && <p class="error" role="alert">{msg}</p>}
        <div class="actions">
          <button id="claim" type="button" onClick={claim} disabled={full.status !== 'open'}>{full.status === 'open' ? 'Claim (c)' : mine ? 'You hold it' : `Held by ${agentName(full.claimedBy)}`}</button>
        </div>
        <form onSubmit={send} class="reply">
          <label for="reply-text">Reply as a DM (r)</label>
          <textarea id="reply-text" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} disabled={!mine} placeholder={mine ? 'Write to the person…' : 'Claim it first'} />
          <button type="submit" disabled={!mine || !text.trim()}>Send reply</button>
        </form>
        <form onSubmit={resolve} class="resolve">
          <label for="outcome">Resolve with outcome (e)</label>
          <select id="outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)} disabled={!mine}>
            <option value="">choose…</option>
            {OUTCOMES.map((o) => <option value={o}>{o}</option>)}
          </select>
          <button type="submit" disabled={!mine || !outcome}>Resolve</button>
        </form>
      </div>
      <aside class="profile" aria-label="Person">
        <h3>Person</h3>
        {ctx?.person ? (
          <dl>
            <dt>Name</dt><dd>{ctx.person.name ?? '—'} (@{ctx.person.username ?? full.xUserId}){ctx.person.verified ? ' ✓ verified' : ''}</dd>
            <dt>Followers</dt><dd data-testid="followers">{ctx.person.followers.toLocaleString()}</dd>
            <dt>Sentiment</dt><dd>{sentimentWord(ctx.person.polarity)} ({ctx.person.polarity.toFixed(2)} over {ctx.person.scoredTweets} tweets)</dd>
            <dt>Location</dt><dd>{ctx.person.location ?? '—'}</dd>
            <dt>Campaign</dt><dd>{ctx.campaign?.name ?? full.campaignId}</dd>
          </dl>
        ) : <p class="muted">No profile stored for this person.</p>}
        <h3>What brought them in</h3>
        {ctx?.trigger && <blockquote data-testid="trigger">{ctx.trigger.text}</blockquote>}
        {ctx?.tweets?.filter((t: any) => t.id !== ctx.trigger?.id).map((t: any) => <blockquote>{t.text} <span class="muted small">({t.sentiment ?? '?'}, {ago(t.createdAt)})</span></blockquote>)}
        {!ctx?.trigger && !ctx?.tweets?.length && <p class="muted">—</p>}
        <h3>Consent basis</h3>
        <p data-testid="consent">{ctx ? `${ctx.campaign?.firstContact ?? ctx.policy ?? '?'} policy${ctx.campaign?.consentBasis ? `: ${ctx.campaign.consentBasis}` : ''}` : '—'}</p>
      </aside>
    </section>
  );
}

const sentimentWord = (p: number | undefined) => (p === undefined ? '—' : p > 0.2 ? 'positive' : p < -0.2 ? 'negative' : 'neutral');
