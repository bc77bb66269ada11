import type { z } from 'zod';
import { createKeyInput, updateKeyInput } from '@mockex/api/schemas';
import { isMockexError, type Permission } from '@mockex/domain';
import { checkPermissionPolicy } from '@mockex/keys/policy';

/**
 * The key forms validate with the key API's own input schemas plus the key policy the server
 * enforces (WITHDRAW needs a whitelist, never with TRADE), so the form refuses what the server would.
 */
function withPolicy(
  values: { permissions?: Permission[] | undefined; ipWhitelist?: string[] | undefined },
  ctx: z.RefinementCtx,
) {
  try {
    checkPermissionPolicy(values.permissions ?? ['READ_ONLY'], values.ipWhitelist ?? []);
  } catch (error) {
    if (!isMockexError(error)) throw error;
    const field = error.meta.field === 'ipWhitelist' ? 'ipWhitelist' : 'permissions';
    ctx.addIssue({ code: 'custom', path: [field], message: error.message });
  }
}

export const createKeyForm = createKeyInput.superRefine(withPolicy);
export const updateKeyForm = updateKeyInput.superRefine(withPolicy);

export type CreateKeyValues = z.input<typeof createKeyInput>;
export type UpdateKeyValues = z.input<typeof updateKeyInput>;

/** Which permission boxes can be ticked given the others (the policy, shown before it refuses). */
export function permissionAllowed(
  p: Permission,
  chosen: readonly Permission[],
): { ok: boolean; why?: string } {
  if (p === 'WITHDRAW' && chosen.includes('TRADE'))
    return { ok: false, why: 'WITHDRAW never goes with TRADE on one key: use a second key.' };
  if (p === 'TRADE' && chosen.includes('WITHDRAW'))
    return { ok: false, why: 'TRADE never goes with WITHDRAW on one key.' };
  return { ok: true };
}
