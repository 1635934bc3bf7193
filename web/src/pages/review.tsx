// Review queue: prospects waiting for a human before first contact, with why they qualified
// (followers and sentiment against the campaign's thresholds, the tweet that brought them in).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, ago, can, get, post, type Session } from '../api';

interface Prospect { _id: string; campaignId: string; xUserId: string; username?: string; name?: string; tweet?: { text: string }; createdAt: string }

export function Review({ session }: { session: Session }) {
  const [items, setItems] = useState<Prospect[] | null>(null);
  const [profiles, setProfiles] = useState<Record<string, any>>({});
  const [campaigns, setCampaigns] = useState<Record<string, any>>({});
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [msg, setMsg] = useState('');
  const load = useCallback(async () => {
    const r = await get<{ items: Prospect[] }>('/prospects?limit=100');
    setItems(r.items);
    // Profiles and their campaigns' thresholds together, so a row never shows one without the other.
    const ids = [...new Set(r.items.map((p) => p.campaignId))];
    const [ps, cs] = await Promise.all([
      can(session.role, 'profiles') ? Promise.all(r.items.map((p) => get(`/profiles/${p.xUserId}`).catch(() => null))) : undefined,
      can(session.role, 'campaigns') ? Promise.all(ids.map((id) => get(`/campaigns/${id}`).catch(() => null))) : undefined,
    ]);
    if (ps) setProfiles(Object.fromEntries(ps.filter(Boolean).map((p) => [p.xUserId, p])));
    if (cs) setCampaigns(Object.fromEntries(cs.filter(Boolean).map((c) => [c.id, c])));
  }, [session.role]);
  useEffect(() => {
    load().catch((e) => setMsg((e as Error).message));
    // New prospects (and profiles written a moment after their tweets) show up without a reload.
    const t = setInterval(() => { load().catch(() => undefined); }, 5000);
    return () => clearInterval(t);
  }, [load]);
  const decide = async (decision: 'approve' | 'reject', ids: string[]) => {
    setMsg('');
    try {
      if (ids.length === 1) await post(`/prospects/${ids[0]}/${decision}`, {});
      else {
        const r = await post('/prospects/review', { decision, xUserIds: ids });
        const failed = r.results.filter((x: { ok: boolean }) => !x.ok);
        setMsg(`${r.results.length - failed.length} ${decision === 'approve' ? 'approved' : 'rejected'}${failed.length ? `, ${failed.length} not possible: ${failed[0].error}` : ''}`);
      }
    } catch (e) { setMsg(e instanceof ApiError ? e.message : String(e)); }
    setPicked(new Set());
    await load();
  };
  const toggle = (id: string) => setPicked((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  if (!items) return <p aria-busy="true">Loading…</p>;
  return (
    <section aria-labelledby="review-h">
      <h1 id="review-h">Review queue</h1>
      {msg && <p class="note" role="status">{msg}</p>}
      {items.length === 0 ? <p class="empty">Nobody is waiting for review. Campaigns with the <code>review</code> first-contact policy put qualifying people here before any DM is sent.</p> : (
        <>
          <div class="actions">
            <button type="button" disabled={!picked.size} onClick={() => decide('approve', [...picked])}>Approve selected ({picked.size})</button>
            <button type="button" class="danger" disabled={!picked.size} onClick={() => decide('reject', [...picked])}>Reject selected</button>
          </div>
          <table>
            <caption class="sr-only">Prospects waiting for approval</caption>
            <thead><tr><th scope="col"><span class="sr-only">Select</span></th><th scope="col">Person</th><th scope="col">Why they qualified</th><th scope="col">Campaign</th><th scope="col">Waiting</th><th scope="col">Decide</th></tr></thead>
            <tbody>
              {items.map((p) => {
                const prof = profiles[p.xUserId];
                const q = campaigns[p.campaignId]?.qualification;
                return (
                  <tr data-user={p.xUserId}>
                    <td><input type="checkbox" aria-label={`select @${p.username ?? p.xUserId}`} checked={picked.has(p.xUserId)} onChange={() => toggle(p.xUserId)} /></td>
                    <td><strong>{p.name ?? ''}</strong> @{p.username ?? p.xUserId}</td>
                    <td>
                      {p.tweet && <blockquote>{p.tweet.text}</blockquote>}
                      <ul class="why">
                        {prof && <li>{prof.followers.toLocaleString()} followers{q ? ` (needs ${q.minFollowers})` : ''}</li>}
                        {prof && <li>sentiment {prof.polarity.toFixed(2)} over {prof.scoredTweets} tweets{q ? ` (tweet positivity needed ${q.minPositivity})` : ''}</li>}
                        {prof?.verified && <li>verified</li>}
                      </ul>
                    </td>
                    <td>{p.campaignId}</td>
                    <td>{ago(p.createdAt)}</td>
                    <td class="nowrap">
                      <button type="button" onClick={() => decide('approve', [p.xUserId])}>Approve</button>{' '}
                      <button type="button" class="danger" onClick={() => decide('reject', [p.xUserId])}>Reject</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
