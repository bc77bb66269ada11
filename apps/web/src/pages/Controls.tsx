import { useMemo, useState } from 'react';
import { createSandboxClient } from '@mockex/client';
import { Prices } from '../controls/Prices.tsx';
import { Clock } from '../controls/Clock.tsx';
import { Faults } from '../controls/Faults.tsx';
import { Accounts } from '../controls/Accounts.tsx';
import { Reset } from '../controls/Reset.tsx';

/** Makes the sandbox exchange misbehave on purpose, so a person can watch a bot cope. */
export function ControlsPage() {
  const [token, setToken] = useState('');
  const sandbox = useMemo(
    () => createSandboxClient({ baseUrl: window.location.origin, ...(token ? { token } : {}) }),
    [token],
  );
  return (
    <section>
      <h1>Sandbox controls</h1>
      <p className="muted">
        These change the shared sandbox for everyone using this server. When the server runs with{' '}
        <code>MOCKEX_SANDBOX_TOKEN</code>, type it here (kept in this tab's memory only).
      </p>
      <div className="field narrow">
        <label htmlFor="sandbox-token">Sandbox token (optional)</label>
        <input
          id="sandbox-token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </div>
      <div className="grid two">
        <Prices sandbox={sandbox} />
        <Clock sandbox={sandbox} />
        <Faults sandbox={sandbox} />
        <Accounts sandbox={sandbox} />
        <Reset sandbox={sandbox} />
      </div>
    </section>
  );
}
