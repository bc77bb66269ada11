import { amount, dateTime } from '../lib/format.ts';
import { Table } from '../components/Table.tsx';
import { QueryError } from './QueryError.tsx';
import { useExchangeQuery } from './hooks.ts';

/** Order history and fees, refreshed at a quarter of the polling rate (they change only with trades). */
export function History() {
  const orders = useExchangeQuery('history', (c) => c.listOrderHistory({ limit: 20 }));
  const fees = useExchangeQuery('fees', (c) => c.getFeeHistory({ limit: 20 }));
  return (
    <section className="card span-2" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <QueryError error={orders.error ?? fees.error} />
      <div className="grid two">
        <Table caption="Orders" columns={['When', 'Order', 'Status', { label: 'Filled at', num: true }]}>
          {(orders.data ?? []).map((o) => (
            <tr key={o.id}>
              <td>{dateTime(o.updated_at)}</td>
              <td>
                {o.order_type} {o.quantity} {o.symbol}
              </td>
              <td>{o.status}</td>
              <td className="num">{o.filled_price || '—'}</td>
            </tr>
          ))}
        </Table>
        <Table caption="Fees" columns={['When', 'Type', 'Instrument', { label: 'Fee', num: true }]}>
          {(fees.data ?? []).map((f) => (
            <tr key={f.id}>
              <td>{dateTime(f.created_at)}</td>
              <td>{f.fee_type}</td>
              <td>{f.symbol}</td>
              <td className="num">{amount(f.fee_amount, 4)}</td>
            </tr>
          ))}
        </Table>
      </div>
    </section>
  );
}
