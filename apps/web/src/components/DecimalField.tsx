import type { ComponentProps } from 'react';
import { Field } from './Field.tsx';

/**
 * A labelled input for a decimal amount, price or quantity (with Field's hint and error, if given).
 * The value stays the string that was typed: it goes to the exchange as it is, never through a JS number.
 */
export function DecimalField({
  onChange,
  ...field
}: Omit<ComponentProps<typeof Field>, 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
}) {
  return <Field inputMode="decimal" onChange={(e) => onChange(e.target.value)} {...field} />;
}
