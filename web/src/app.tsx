// Shell: session check, sign-in, role-filtered navigation and hash routes (#/inbox, #/campaigns/…):
// hash routes never collide with the API's own paths on this origin.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, can, get, setCsrf, type Session } from './api';
import { SignIn } from './pages/signin';
import { Inbox } from './pages/inbox';
import { Review } from './pages/review';
import { Campaigns } from './pages/campaigns';
import { Analytics } from './pages/analytics';
import { Status } from './pages/status';
import { Planning } from './pages/planning';
import { Suppressions } from './pages/suppressions';

const PAGES = [
  { path: 'inbox', label: 'Inbox', gate: 'inbox' },
  { path: 'review', label: 'Review queue', gate: 'review' },
  { path: 'campaigns', label: 'Campaigns', gate: 'campaigns' },
  { path: 'analytics', label: 'Analytics', gate: 'analytics' },
  { path: 'planning', label: 'Planning', gate: 'planning' },
  { path: 'status', label: 'Status', gate: 'status' },
  { path: 'suppressions', label: 'Suppressions', gate: 'suppressions' },
] as const;

function useHash(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [h, setH] = useState(read);
  useEffect(() => {
    const on = () => setH(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return h;
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useHash();
  useEffect(() => {
    get<Session>('/session').then((s) => { setCsrf(s.csrf); setSession(s); }).catch(() => setSession(null));
  }, []);
  if (session === undefined) return <main class="center" aria-busy="true"><p>Loading…</p></main>;
  if (!session) return <SignIn onSignedIn={(s) => { setCsrf(s.csrf); setSession(s); }} />;

  const allowed = PAGES.filter((p) => can(session.role, p.gate));
  const page = allowed.find((p) => p.path === route[0]) ?? allowed[0];
  const signOut = async () => {
    try { await call('DELETE', '/session'); } catch (e) { if (!(e instanceof ApiError)) throw e; }
    setSession(null);
    location.hash = '';
  };
  return (
    <div class="shell">
      <header class="top">
        <span class="brand">Chirpflow</span>
        <nav aria-label="Main">
          {allowed.map((p) => <a href={`#/${p.path}`} aria-current={p === page ? 'page' : undefined}>{p.label}</a>)}
        </nav>
        <span class="who">{session.name} · {session.role}</span>
        <button type="button" class="ghost" onClick={signOut}>Sign out</button>
      </header>
      <main id="main">
        {!page && <p>Your role has no pages here.</p>}
        {page?.path === 'inbox' && <Inbox session={session} />}
        {page?.path === 'review' && <Review session={session} />}
        {page?.path === 'campaigns' && <Campaigns session={session} sub={route.slice(1)} />}
        {page?.path === 'analytics' && <Analytics session={session} />}
        {page?.path === 'planning' && <Planning />}
        {page?.path === 'status' && <Status session={session} />}
        {page?.path === 'suppressions' && <Suppressions session={session} />}
      </main>
    </div>
  );
}
