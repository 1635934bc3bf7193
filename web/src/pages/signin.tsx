import { useState } from 'preact/hooks';
import { ApiError, post, type Session } from '../api';

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await post<Session>('/session', { key }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'could not reach the API');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="center">
      <form class="card signin" onSubmit={submit}>
        <h1>Sign in to Chirpflow</h1>
        <p>Paste your API key once; this browser keeps a session (12 h) instead of the key.</p>
        <label for="key">API key</label>
        <input id="key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder="cf_…" required aria-describedby={error ? 'key-error' : undefined} />
        {error && <p id="key-error" class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy || !key.trim()}>Sign in</button>
        <p class="hint">No key? <code>npm start</code> prints an admin key on the first start; an admin creates others with <code>POST /api-keys</code>.</p>
      </form>
    </main>
  );
}
