import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { VENUE_PROFILES, type VenueName } from '@mockex/domain';
import { useExchange } from '../lib/exchange-session.tsx';
import { useSession } from '../lib/session.tsx';
import { useTRPC } from '../lib/trpc.ts';
import { REQUESTS_PER_ROUND } from './hooks.ts';

/** Paste a key's secret to trade with it; it stays in this tab's memory only. */
export function KeyChooser() {
  const ex = useExchange();
  const { signedIn } = useSession();
  const trpc = useTRPC();
  const keys = useQuery({ ...trpc.keys.list.queryOptions(), enabled: signedIn });
  const [secret, setSecret] = useState('');
  const [venue, setVenue] = useState<VenueName>(ex.venue);
  const chosen = keys.data?.keys.find((k) => ex.matches(k.keyPrefix));
  const seconds = Math.round(ex.pollMs(REQUESTS_PER_ROUND) / 1000);

  return (
    <section className="card" aria-labelledby="key-chooser-title">
      <h2 id="key-chooser-title">Key</h2>
      {ex.client ? (
        <div className="row wrap">
          <p>
            Trading with {chosen ? <strong>{chosen.label}</strong> : 'a pasted key'}
            {chosen && (
              <>
                {' '}
                (<code>{chosen.keyPrefix}…</code>)
              </>
            )}
            . Refreshing every {seconds} s to stay within the {ex.venue} rate limit.
          </p>
          <button type="button" className="secondary" onClick={() => ex.forget()}>
            Use another key
          </button>
        </div>
      ) : (
        <form
          className="row wrap"
          onSubmit={(e) => {
            e.preventDefault();
            if (secret.trim()) ex.use(secret, venue);
            setSecret('');
          }}
        >
          <div className="field grow">
            <label htmlFor="console-secret">API secret</label>
            <input
              id="console-secret"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              aria-describedby="console-secret-hint"
            />
            <p className="hint" id="console-secret-hint">
              Kept in this tab's memory only; reloading the page forgets it.
            </p>
          </div>
          <div className="field">
            <label htmlFor="console-venue">Venue profile</label>
            <select id="console-venue" value={venue} onChange={(e) => setVenue(e.target.value as VenueName)}>
              {Object.keys(VENUE_PROFILES).map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </div>
          <button type="submit">Use this key</button>
        </form>
      )}
    </section>
  );
}

/** A 429 is a pause, not a failure: say how long it lasts. */
export function RateBanner() {
  const { waitSeconds } = useExchange();
  return (
    <div role="status" aria-live="polite" className={waitSeconds > 0 ? 'note warn' : 'visually-hidden'}>
      {waitSeconds > 0 &&
        `Rate limit reached: the exchange accepts this key's next request in ${waitSeconds} s. Refreshing resumes by itself.`}
    </div>
  );
}
