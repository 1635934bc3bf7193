// The suppression list: everyone who asked not to be messaged (a STOP by DM, a reply to an opt-in
// post, an opt-out said in a public tweet) or was removed by an admin. Operators see who and why,
// with a link to the tweet when it was said in public; admins may lift an entry, with a reason
// (audited), e.g. a public tweet that was not an opt-out after all.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, fmtTime, get, type Session } from '../api';

interface Suppression { xUserId: string; reason: string; source: string; tweetId?: string; campaignId?: string; by?: string; at: string }

const SOURCE_LABEL: Record<string, string> = {
  'public-tweet': 'public tweet', 'dm-poller': 'DM', 'dm-webhook': 'DM', 'opt-in-reply': 'reply to opt-in post', api: 'admin',
};

export function Suppressions({ session }: { session: Session }) {
  const [items, setItems] = useState<Suppression[] | null>(null);
  const [error, setError] = useState('');
  const [lifting, setLifting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const load = () => get<{ items: Suppression[] }>('/suppressions?limit=200').then((r) => { setItems(r.items); setError(''); }).catch((e) => setError((e as Error).message));
  useEffect(() => { void load(); }, []);
  const lift = async (e: Event, xUserId: string) => {
    e.preventDefault();
    try {
      await call('DELETE', `/suppressions/${encodeURIComponent(xUserId)}`, { reason });
      setLifting(null); setReason('');
      await load();
    } catch (err) { setError(err instanceof ApiError ? err.message : String(err)); }
  };
  const admin = session.role === 'admin';
  return (
    <section aria-labelledby="sup-h">
      <h1 id="sup-h">Suppressions</h1>
      <p class="muted">People Chirpflow never messages, in every campaign. {admin ? 'Lifting one needs a reason and is audited.' : 'Only an admin can lift one.'}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {!items ? <p aria-busy="true">Loading…</p> : !items.length ? <p>Nobody is suppressed yet.</p> : (
        <table><caption class="sr-only">Suppressed people, newest first</caption>
          <thead><tr><th scope="col">Person (X id)</th><th scope="col">How</th><th scope="col">Reason</th><th scope="col">When</th>{admin && <th scope="col"><span class="sr-only">Actions</span></th>}</tr></thead>
          <tbody>{items.map((s) => (
            <tr data-user={s.xUserId}>
              <td>{s.xUserId}</td>
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
    </section>
  );
}
