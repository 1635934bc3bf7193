// The suppression list: everyone who asked not to be messaged (a STOP by DM, a reply to an opt-in
// post, an opt-out said in a public tweet) or was removed by an admin. Operators find a person by
// handle or X id ("is @someone on the list, and why?") or page through everyone, newest first;
// each entry says how and why, with a link to the tweet when it was said in public. Admins may lift
// an entry, with a reason (audited), e.g. a public tweet that was not an opt-out after all.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, fmtTime, get, type Session } from '../api';

interface Suppression { xUserId: string; handle?: string; reason: string; source: string; tweetId?: string; campaignId?: string; by?: string; at: string }
interface Page { items: Suppression[]; next?: string }

const SOURCE_LABEL: Record<string, string> = {
  'public-tweet': 'public tweet', 'dm-poller': 'DM', 'dm-webhook': 'DM', 'opt-in-reply': 'reply to opt-in post', api: 'admin',
};
const PAGE = 100;

/** What the search box asks the API: a number is an X id, anything else a handle (with or without @). */
function searchQuery(text: string, exact: boolean): string | { error: string } {
  const t = text.trim();
  if (!t) return '';
  if (/^\d{1,20}$/.test(t)) return `&xUserId=${t}`;
  if (/^@?[A-Za-z0-9_]{1,15}$/.test(t)) return `&handle=${encodeURIComponent(t.replace(/^@/, ''))}${exact ? '&match=exact' : ''}`;
  return { error: 'Type a handle (up to 15 letters, digits or _, @ optional) or a numeric X user id.' };
}

export function Suppressions({ session }: { session: Session }) {
  const [items, setItems] = useState<Suppression[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [text, setText] = useState('');
  const [exact, setExact] = useState(false);
  const [inputError, setInputError] = useState('');
  const [active, setActive] = useState<{ q: string; label: string }>({ q: '', label: '' });
  const [busy, setBusy] = useState(false);
  const [lifting, setLifting] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  /** Loads the first page of a search (or of everyone), or the page after `after`, appending it. */
  const load = async (q: string, after?: string) => {
    setBusy(true);
    try {
      const r = await get<Page>(`/suppressions?limit=${PAGE}${q}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      setItems((old) => (after && old ? [...old, ...r.items] : r.items));
      setNext(r.next);
      setError('');
    } catch (e) { setError((e as Error).message); } finally { setBusy(false); }
  };
  useEffect(() => { void load(''); }, []);

  const search = (e: Event) => {
    e.preventDefault();
    const q = searchQuery(text, exact);
    if (typeof q !== 'string') return setInputError(q.error);
    setInputError('');
    setActive({ q, label: text.trim() });
    void load(q);
  };
  const clear = () => { setText(''); setInputError(''); setActive({ q: '', label: '' }); void load(''); };
  const lift = async (e: Event, xUserId: string) => {
    e.preventDefault();
    try {
      await call('DELETE', `/suppressions/${encodeURIComponent(xUserId)}`, { reason });
      setLifting(null); setReason('');
      await load(active.q);
    } catch (err) { setError(err instanceof ApiError ? err.message : String(err)); }
  };
  const admin = session.role === 'admin';
  const status = !items ? '' : active.label
    ? (items.length ? `${items.length} ${items.length === 1 ? 'entry matches' : 'entries match'} “${active.label}”${next ? ' so far' : ''}.`
      : next ? `No match for “${active.label}” among the entries searched so far.` : `Nobody matching “${active.label}” is on the list.`)
    : `${items.length} shown, newest first${next ? '' : ' (everyone)'}.`;
  return (
    <section aria-labelledby="sup-h">
      <h1 id="sup-h">Suppressions</h1>
      <p class="muted">People Chirpflow never messages, in every campaign. {admin ? 'Lifting one needs a reason and is audited.' : 'Only an admin can lift one.'}</p>
      <form class="filters search" role="search" aria-label="Find a person" onSubmit={search} noValidate>
        <label for="sup-q">Handle or X user id
          <input id="sup-q" type="search" value={text} autocomplete="off" spellcheck={false} placeholder="@handle or X user id"
            aria-invalid={inputError ? 'true' : undefined} aria-describedby={inputError ? 'sup-q-error' : 'sup-q-hint'}
            onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
        <div class="field check"><input id="sup-exact" type="checkbox" checked={exact} onChange={(e) => setExact((e.target as HTMLInputElement).checked)} />
          <label for="sup-exact">Whole handle only</label></div>
        <div class="actions"><button type="submit">Search</button>{active.q && <button type="button" class="ghost" onClick={clear}>Show everyone</button>}</div>
        {inputError ? <p id="sup-q-error" class="error field-error">{inputError}</p>
          : <p id="sup-q-hint" class="hint">A handle matches from its start, in any case; a number finds that X user id.</p>}
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <p role="status" class="muted">{status}</p>
      {!items ? <p aria-busy="true">Loading…</p> : !items.length ? (!active.q && <p>Nobody is suppressed yet.</p>) : (
        <table><caption class="sr-only">Suppressed people, newest first</caption>
          <thead><tr><th scope="col">Person</th><th scope="col">How</th><th scope="col">Reason</th><th scope="col">When</th>{admin && <th scope="col"><span class="sr-only">Actions</span></th>}</tr></thead>
          <tbody>{items.map((s) => (
            <tr data-user={s.xUserId} key={s.xUserId}>
              <td>{s.handle && <div>@{s.handle}</div>}<div class={s.handle ? 'muted small' : ''}>{s.xUserId}</div></td>
              <td>{SOURCE_LABEL[s.source] ?? s.source}{s.tweetId && <> · <a href={`https://x.com/i/web/status/${s.tweetId}`} target="_blank" rel="noopener noreferrer">the tweet</a></>}</td>
              <td>{s.reason}{s.by && <div class="muted small">by {s.by}</div>}</td>
              <td>{fmtTime(s.at)}</td>
              {admin && <td>{lifting === s.xUserId ? (
                <form onSubmit={(e) => void lift(e, s.xUserId)}>
                  <label for={`why-${s.xUserId}`}>Why lift it?</label>
                  <input id={`why-${s.xUserId}`} required minLength={3} maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
                  <button type="submit">Lift</button> <button type="button" class="ghost" onClick={() => { setLifting(null); setReason(''); }}>Cancel</button>
                </form>
              ) : <button type="button" class="ghost" onClick={() => setLifting(s.xUserId)}>Lift…</button>}</td>}
            </tr>))}
          </tbody>
        </table>
      )}
      {items && next && (
        <div class="actions"><button type="button" class="ghost" disabled={busy} aria-busy={busy ? 'true' : undefined} onClick={() => void load(active.q, next)}>
          {active.q ? 'Search further' : 'Load more'}</button></div>
      )}
    </section>
  );
}
