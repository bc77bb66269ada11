import { Controller, type Control, type FieldErrors } from 'react-hook-form';
import type { Permission } from '@mockex/domain';
import type { CreateKeyValues } from '../lib/key-form.ts';
import { PermissionPicker } from '../components/PermissionPicker.tsx';
import { WhitelistEditor } from '../components/WhitelistEditor.tsx';

/** What a key may do and from where: the fields the create and the edit form share. */
type KeyAccess = Pick<CreateKeyValues, 'permissions' | 'ipWhitelist'>;

/** A key's permissions and IP whitelist, in the create and the edit form alike. */
export function KeyAccessFields<T extends KeyAccess>({
  control,
  errors,
}: {
  control: Control<T>;
  errors: FieldErrors<KeyAccess>;
}) {
  // T holds both fields with these types; react-hook-form's Control is invariant in its values, so it is
  // narrowed here to the two fields this component reads and writes.
  const access = control as unknown as Control<KeyAccess>;
  return (
    <>
      <Controller
        control={access}
        name="permissions"
        render={({ field }) => (
          <PermissionPicker
            value={(field.value ?? []) as Permission[]}
            onChange={field.onChange}
            error={errors.permissions?.message}
          />
        )}
      />
      <Controller
        control={access}
        name="ipWhitelist"
        render={({ field }) => (
          <WhitelistEditor
            value={field.value ?? []}
            onChange={field.onChange}
            error={errors.ipWhitelist?.message}
          />
        )}
      />
    </>
  );
}
