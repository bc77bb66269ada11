import { PERMISSIONS, type Permission } from '@mockex/domain';
import { permissionAllowed } from '../lib/key-form.ts';

const ABOUT: Record<Permission, string> = {
  READ_ONLY: 'Read balances, orders and positions.',
  TRADE: 'Place, amend and cancel orders; move funds between wallets. Includes reading.',
  WITHDRAW: 'Move funds out. Needs an IP whitelist and never goes with TRADE.',
};

export function PermissionPicker({
  value,
  onChange,
  error,
}: {
  value: Permission[];
  onChange: (next: Permission[]) => void;
  error?: string | undefined;
}) {
  return (
    <fieldset>
      <legend>Permissions</legend>
      {PERMISSIONS.map((p) => {
        const allowed = permissionAllowed(p, value);
        const checked = value.includes(p);
        const id = `perm-${p}`;
        return (
          <div className="check" key={p}>
            <input
              type="checkbox"
              id={id}
              checked={checked}
              disabled={!checked && !allowed.ok}
              aria-describedby={`${id}-about`}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? PERMISSIONS.filter((x) => x === p || value.includes(x))
                    : value.filter((x) => x !== p),
                )
              }
            />
            <label htmlFor={id}>{p}</label>
            <span className="hint" id={`${id}-about`}>
              {!checked && !allowed.ok ? allowed.why : ABOUT[p]}
            </span>
          </div>
        );
      })}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
