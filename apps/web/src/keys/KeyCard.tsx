import { dateTime, daysUntil } from '../lib/format.ts';
import type { ApiKey } from './hooks.ts';

/** Under this many days left, a key card warns that it will expire. */
const EXPIRY_WARNING_DAYS = 14;

export function KeyCard({
  apiKey,
  onAction,
}: {
  apiKey: ApiKey;
  onAction: (kind: 'edit' | 'rotate' | 'revoke') => void;
}) {
  const days = daysUntil(apiKey.expiresAt);
  const titleId = `key-${apiKey.id}`;
  return (
    <article className={`card key ${apiKey.status}`} aria-labelledby={titleId} data-testid="key-card">
      <header>
        <h2 id={titleId}>{apiKey.label}</h2>
        <span className={`badge ${apiKey.status === 'active' ? 'ok' : 'bad'}`}>{apiKey.status}</span>
      </header>
      <dl>
        <dt>Key</dt>
        <dd>
          <code>{apiKey.keyPrefix}…</code>
        </dd>
        <dt>Permissions</dt>
        <dd>{apiKey.permissions.join(', ')}</dd>
        <dt>IP whitelist</dt>
        <dd>{apiKey.ipWhitelist.length ? apiKey.ipWhitelist.join(', ') : 'any address'}</dd>
        <dt>Created</dt>
        <dd>{dateTime(apiKey.createdAt)}</dd>
        <dt>Expires</dt>
        <dd>
          {apiKey.status !== 'active' ? (
            dateTime(apiKey.expiresAt)
          ) : days < EXPIRY_WARNING_DAYS ? (
            <span className="warn-text">
              in {Math.max(days, 0)} days: rotate it soon to keep your bot running
            </span>
          ) : (
            `in ${days} days`
          )}
        </dd>
        <dt>Last used</dt>
        <dd data-testid="last-used">
          {apiKey.lastUsedAt
            ? `${dateTime(apiKey.lastUsedAt)} from ${apiKey.lastUsedIp ?? 'unknown address'}`
            : 'never'}
        </dd>
      </dl>
      {apiKey.status === 'active' && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => onAction('edit')}>
            Edit<span className="visually-hidden"> {apiKey.label}</span>
          </button>
          <button type="button" className="secondary" onClick={() => onAction('rotate')}>
            Rotate<span className="visually-hidden"> {apiKey.label}</span>
          </button>
          <button type="button" className="danger" onClick={() => onAction('revoke')}>
            Revoke<span className="visually-hidden"> {apiKey.label}</span>
          </button>
        </div>
      )}
    </article>
  );
}
