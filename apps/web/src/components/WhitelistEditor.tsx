import { useId, useState } from 'react';
import { addWhitelistEntry } from '../lib/whitelist.ts';

/** Edits a key's IP whitelist: each entry is checked with the server's parser as it is added. */
export function WhitelistEditor({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const result = addWhitelistEntry(value, draft);
    if (!result.ok) return setProblem(result.problem);
    onChange(result.list);
    setDraft('');
    setProblem(null);
  };
  const message = problem ?? error;
  return (
    <fieldset className="whitelist">
      <legend>IP whitelist</legend>
      <p className="hint" id={`${id}-hint`}>
        IPv4 or IPv6 addresses, or CIDR ranges such as 10.0.0.0/8. Empty means any address (not allowed with
        WITHDRAW).
      </p>
      {value.length > 0 ? (
        <ul className="chips" aria-label="Whitelisted addresses">
          {value.map((entry) => (
            <li key={entry}>
              <code>{entry}</code>
              <button
                type="button"
                className="link"
                aria-label={`Remove ${entry}`}
                onClick={() => onChange(value.filter((e) => e !== entry))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Any address may use this key.</p>
      )}
      <div className="row">
        <label htmlFor={`${id}-entry`} className="visually-hidden">
          Address or range to add
        </label>
        <input
          id={`${id}-entry`}
          value={draft}
          placeholder="203.0.113.7 or 10.0.0.0/8"
          aria-describedby={`${id}-hint${message ? ` ${id}-error` : ''}`}
          aria-invalid={message ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="secondary" onClick={add}>
          Add address
        </button>
      </div>
      {message && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {message}
        </p>
      )}
    </fieldset>
  );
}
