import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DecimalField } from '../components/DecimalField.tsx';
import { Field } from '../components/Field.tsx';
import { Done } from './Done.tsx';
import type { Sandbox } from './sandbox.ts';

export function Prices({ sandbox }: { sandbox: Sandbox }) {
  const [symbol, setSymbol] = useState('BTCUSDT');
  const [price, setPrice] = useState('');
  const set = useMutation({ mutationFn: () => sandbox.setPrice(symbol.trim(), price.trim()) });
  return (
    <article className="card" aria-labelledby="prices-title">
      <h2 id="prices-title">Mark price</h2>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate();
        }}
      >
        <Field
          id="price-symbol"
          label="Instrument"
          value={symbol}
          onChange={(e) => setSymbol(e.target.value)}
        />
        <DecimalField id="price-value" label="Price" value={price} onChange={setPrice} />
        <button type="submit" disabled={set.isPending}>
          Set price
        </button>
      </form>
      <ErrorNote error={set.error} />
      <Done text={set.data ? `${set.data.symbol} now marks at ${set.data.price}.` : null} />
    </article>
  );
}
