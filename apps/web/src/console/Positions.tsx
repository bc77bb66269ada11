import { useState } from 'react';
import type { Position } from '@mockex/client';
import { signed } from '../lib/format.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DialogFooter } from '../components/DialogFooter.tsx';
import { DecimalField } from '../components/DecimalField.tsx';
import { Table } from '../components/Table.tsx';
import { QueryError } from './QueryError.tsx';
import { useExchangeAction, useExchangeQuery } from './hooks.ts';

type PositionDialog = { kind: 'partial' | 'margin' | 'risk'; position: Position };

export function Positions() {
  const positions = useExchangeQuery('positions', (c) => c.listOpenPositions());
  const close = useExchangeAction((c, id: string) => c.closePosition(id), ['positions', 'funds', 'history']);
  const reverse = useExchangeAction(
    (c, id: string) => c.reversePosition(id),
    ['positions', 'funds', 'history'],
  );
  const [dialog, setDialog] = useState<PositionDialog | null>(null);
  const rows = positions.data ?? [];
  return (
    <section className="card span-2" aria-labelledby="positions-title">
      <h2 id="positions-title">Positions</h2>
      <QueryError error={positions.error} />
      <ErrorNote error={close.error ?? reverse.error} />
      {rows.length === 0 ? (
        <p className="muted">No open positions.</p>
      ) : (
        <Table
          data-testid="positions"
          columns={[
            'Instrument',
            'Side',
            { label: 'Quantity', num: true },
            { label: 'Entry', num: true },
            { label: 'Mark', num: true },
            { label: 'Leverage', num: true },
            { label: 'Margin', num: true },
            { label: 'PnL', num: true },
            { label: 'Liquidation', num: true },
            'SL / TP',
            'Actions',
          ]}
        >
          {rows.map((p) => (
            <tr key={p.id}>
              <td>{p.symbol}</td>
              <td className={p.order_type === 'LONG' ? 'up' : 'down'}>{p.order_type}</td>
              <td className="num">{p.quantity}</td>
              <td className="num">{p.entry_price}</td>
              <td className="num">{p.mark_price}</td>
              <td className="num">{p.leverage}×</td>
              <td className="num">{p.initial_margin}</td>
              <td className={`num ${p.pnl.startsWith('-') ? 'down' : 'up'}`}>{signed(p.pnl, 4)}</td>
              <td className="num">{p.liquidation_price}</td>
              <td>
                {p.stoploss?.price ?? '—'} / {p.takeprofit?.price ?? '—'}
              </td>
              <td className="actions">
                <button type="button" className="danger small" onClick={() => close.mutate(p.id)}>
                  Close<span className="visually-hidden"> {p.symbol}</span>
                </button>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => setDialog({ kind: 'partial', position: p })}
                >
                  Partial close<span className="visually-hidden"> {p.symbol}</span>
                </button>
                <button type="button" className="secondary small" onClick={() => reverse.mutate(p.id)}>
                  Reverse<span className="visually-hidden"> {p.symbol}</span>
                </button>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => setDialog({ kind: 'margin', position: p })}
                >
                  Add margin<span className="visually-hidden"> {p.symbol}</span>
                </button>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => setDialog({ kind: 'risk', position: p })}
                >
                  SL/TP<span className="visually-hidden"> {p.symbol}</span>
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {dialog?.kind === 'partial' && (
        <PartialClose position={dialog.position} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'margin' && <AddMargin position={dialog.position} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'risk' && <RiskOrders position={dialog.position} onClose={() => setDialog(null)} />}
    </section>
  );
}

function PartialClose({ position, onClose }: { position: Position; onClose: () => void }) {
  const [quantity, setQuantity] = useState('');
  const act = useExchangeAction(
    (c, q: string) => c.closePartially(position.id, { order_type: 'MARKET', quantity: q }),
    ['positions', 'funds', 'history'],
  );
  return (
    <Dialog open title={`Partly close ${position.symbol}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          act.mutate(quantity, { onSuccess: onClose });
        }}
      >
        <p>At the market price. The position holds {position.quantity}.</p>
        <DecimalField id="partial-qty" label="Quantity to close" value={quantity} onChange={setQuantity} />
        <DialogFooter error={act.error} pending={act.isPending} submitLabel="Close part" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function AddMargin({ position, onClose }: { position: Position; onClose: () => void }) {
  const [margin, setMargin] = useState('');
  const act = useExchangeAction(
    (c, m: string) => c.addMargin(position.id, { margin: m }),
    ['positions', 'funds'],
  );
  return (
    <Dialog open title={`Add margin to ${position.symbol}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          act.mutate(margin, { onSuccess: onClose });
        }}
      >
        <p>
          Margin now {position.initial_margin}; liquidation at {position.liquidation_price}.
        </p>
        <DecimalField id="margin-amount" label="Margin to add (USDT)" value={margin} onChange={setMargin} />
        <DialogFooter error={act.error} pending={act.isPending} submitLabel="Add margin" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function RiskOrders({ position, onClose }: { position: Position; onClose: () => void }) {
  const [sl, setSl] = useState(position.stoploss?.price ?? '');
  const [tp, setTp] = useState(position.takeprofit?.price ?? '');
  const hasRisk = position.stoploss !== null || position.takeprofit !== null;
  const act = useExchangeAction(
    (c, v: { sl: string; tp: string }) => {
      const body = {
        is_stoploss: v.sl !== '',
        ...(v.sl !== '' ? { stoploss_price: v.sl } : {}),
        is_takeprofit: v.tp !== '',
        ...(v.tp !== '' ? { takeprofit_price: v.tp } : {}),
        ...(position.stoploss ? { stoploss_order_id: position.stoploss.order_id } : {}),
        ...(position.takeprofit ? { takeprofit_order_id: position.takeprofit.order_id } : {}),
      };
      return hasRisk ? c.amendRiskOrder(position.id, body) : c.setRiskOrder(position.id, body);
    },
    ['positions', 'orders'],
  );
  return (
    <Dialog open title={`Stop-loss and take-profit for ${position.symbol}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          act.mutate({ sl, tp }, { onSuccess: onClose });
        }}
      >
        <p>
          Entry {position.entry_price}, mark {position.mark_price}. Leave a price empty for none.
        </p>
        <DecimalField id="risk-sl" label="Stop-loss price" value={sl} onChange={setSl} />
        <DecimalField id="risk-tp" label="Take-profit price" value={tp} onChange={setTp} />
        <DialogFooter error={act.error} pending={act.isPending} submitLabel="Save" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
