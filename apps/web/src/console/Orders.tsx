import { useState } from 'react';
import type { Order } from '@mockex/client';
import { dateTime } from '../lib/format.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DialogFooter } from '../components/DialogFooter.tsx';
import { DecimalField } from '../components/DecimalField.tsx';
import { Table } from '../components/Table.tsx';
import { QueryError } from './QueryError.tsx';
import { useExchangeAction, useExchangeQuery } from './hooks.ts';

export function OpenOrders() {
  const orders = useExchangeQuery('orders', (c) => c.listOpenOrders());
  const cancel = useExchangeAction((c, id: string) => c.cancelOrder(id), ['orders', 'funds', 'history']);
  const [amending, setAmending] = useState<Order | null>(null);
  const rows = orders.data ?? [];
  return (
    <section className="card span-2" aria-labelledby="orders-title">
      <h2 id="orders-title">Open orders</h2>
      <QueryError error={orders.error} />
      <ErrorNote error={cancel.error} />
      {rows.length === 0 ? (
        <p className="muted">No open orders.</p>
      ) : (
        <Table
          columns={[
            'Instrument',
            'Side',
            'Type',
            { label: 'Quantity', num: true },
            { label: 'Price', num: true },
            { label: 'Leverage', num: true },
            'Placed',
            'Actions',
          ]}
        >
          {rows.map((o) => (
            <tr key={o.id}>
              <td>{o.symbol}</td>
              <td>{o.order_type}</td>
              <td>
                {o.trigger_type}
                {o.reduce_only ? ' · reduce only' : ''}
              </td>
              <td className="num">{o.quantity}</td>
              <td className="num">{o.price}</td>
              <td className="num">{o.leverage}×</td>
              <td>{dateTime(o.created_at)}</td>
              <td className="actions">
                <button type="button" className="secondary small" onClick={() => setAmending(o)}>
                  Amend
                  <span className="visually-hidden">
                    {' '}
                    order {o.symbol} {o.price}
                  </span>
                </button>
                <button type="button" className="danger small" onClick={() => cancel.mutate(o.id)}>
                  Cancel
                  <span className="visually-hidden">
                    {' '}
                    order {o.symbol} {o.price}
                  </span>
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {amending && <AmendDialog order={amending} onClose={() => setAmending(null)} />}
    </section>
  );
}

function AmendDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const [price, setPrice] = useState(order.price);
  const [quantity, setQuantity] = useState(order.quantity);
  const amend = useExchangeAction(
    (c, v: { price: string; quantity: string }) =>
      c.amendOrder(order.id, { order_price: v.price, quantity: v.quantity }),
    ['orders', 'funds'],
  );
  return (
    <Dialog open title={`Amend ${order.order_type.toLowerCase()} ${order.symbol}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          amend.mutate({ price, quantity }, { onSuccess: onClose });
        }}
      >
        <DecimalField id="amend-price" label="Price" value={price} onChange={setPrice} />
        <DecimalField id="amend-qty" label="Quantity" value={quantity} onChange={setQuantity} />
        <DialogFooter
          error={amend.error}
          pending={amend.isPending}
          submitLabel="Amend order"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
