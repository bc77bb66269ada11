import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Asset, Side, TriggerType } from '@mockex/client';
import { fetchCandles, marketPair } from '../lib/kline.ts';
import { amount } from '../lib/format.ts';
import { CandleChart } from '../components/CandleChart.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DecimalField } from '../components/DecimalField.tsx';
import { Table } from '../components/Table.tsx';
import { QueryError } from './QueryError.tsx';
import { useExchangeAction, useExchangeQuery } from './hooks.ts';

export function Market() {
  // Popularity is a rank (1 = most traded): ascending puts BTCUSDT first. One page holds the catalogue.
  const assets = useExchangeQuery('assets', (c) =>
    c.listAssets({ sort: 'popularity', order: 'asc', limit: 100 }),
  );
  const [symbol, setSymbol] = useState<string | null>(null);
  const selected = assets.data?.find((a) => a.symbol === symbol) ?? assets.data?.[0];
  // The order ticket sits beside the balances; the instruments and the chart take the next full row.
  return (
    <>
      {selected && <OrderEntry key={selected.id} asset={selected} />}
      <section className="card span-2" aria-labelledby="instruments-title">
        <h2 id="instruments-title">Instruments</h2>
        <QueryError error={assets.error} />
        <div className="market">
          <Table
            wrapClassName="instruments"
            caption="Instruments with mark price; choose one to trade"
            captionHidden
            columns={['Instrument', { label: 'Mark price', num: true }, { label: '24 h', num: true }]}
          >
            {assets.data?.map((a) => (
              <tr key={a.id} className={a.symbol === selected?.symbol ? 'selected' : undefined}>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-pressed={a.symbol === selected?.symbol}
                    onClick={() => setSymbol(a.symbol)}
                  >
                    {a.symbol}
                  </button>
                </td>
                <td className="num" data-testid={`mark-${a.symbol}`}>
                  {a.mark_price}
                </td>
                <td className={`num ${a.change_perc.startsWith('-') ? 'down' : 'up'}`}>
                  {amount(a.change_perc)}%
                </td>
              </tr>
            ))}
          </Table>
          {selected && <Chart symbol={selected.symbol} />}
        </div>
      </section>
    </>
  );
}

function Chart({ symbol }: { symbol: string }) {
  // Public market data: its own per-address budget, not the key's.
  const candles = useQuery({
    queryKey: ['kline', symbol],
    queryFn: () => fetchCandles(symbol),
    refetchInterval: 30_000,
    retry: false,
  });
  if (candles.isPending) return <p aria-busy="true">Loading the chart…</p>;
  if (candles.data === null || candles.isError)
    return (
      <div className="chart empty" role="note">
        <p>
          No candles for {marketPair(symbol)}: this server does not serve <code>/fapi/v1/price/kline</code>{' '}
          yet.
        </p>
      </div>
    );
  if (candles.data.length === 0)
    return (
      <div className="chart empty" role="note">
        <p>No trades in the last two hours.</p>
      </div>
    );
  return <CandleChart candles={candles.data} label={marketPair(symbol)} />;
}

interface OrderForm {
  side: Side;
  type: TriggerType;
  quantity: string;
  price: string;
  leverage: string;
  stoploss: string;
  takeprofit: string;
  reduceOnly: boolean;
}

/** Sends what the person typed and shows the exchange's own answer: its validation is the point. */
function OrderEntry({ asset }: { asset: Asset }) {
  const [form, setForm] = useState<OrderForm>({
    side: 'LONG',
    type: 'MARKET',
    quantity: asset.min_contract,
    price: '',
    leverage: '5',
    stoploss: '',
    takeprofit: '',
    reduceOnly: false,
  });
  const set = <K extends keyof OrderForm>(k: K, v: OrderForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const place = useExchangeAction(
    (c, f: OrderForm) =>
      c.placeOrder(asset.id, {
        leverage: f.leverage,
        quantity: f.quantity,
        // A market order's price is the client's reference only: it fills at the mark.
        order_price: f.type === 'LIMIT' ? f.price : asset.mark_price,
        order_type: f.side,
        trigger_type: f.type,
        is_stoploss: f.stoploss !== '',
        ...(f.stoploss !== '' ? { stoploss_price: f.stoploss } : {}),
        is_takeprofit: f.takeprofit !== '',
        ...(f.takeprofit !== '' ? { takeprofit_price: f.takeprofit } : {}),
        reduce_only: f.reduceOnly,
      }),
    ['orders', 'positions', 'funds', 'history'],
  );
  return (
    <section className="card" aria-labelledby="order-title">
      <h2 id="order-title">New order: {asset.symbol}</h2>
      <p className="muted">
        Mark {asset.mark_price}; quantity step {asset.quantity_step}, {asset.min_contract} to{' '}
        {asset.max_contract}; leverage {asset.min_leverage} to {asset.max_leverage}.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          place.mutate(form);
        }}
      >
        <fieldset className="segmented">
          <legend>Side</legend>
          {(['LONG', 'SHORT'] as const).map((s) => (
            <label key={s} className={`seg ${s === 'LONG' ? 'up' : 'down'}`}>
              <input
                type="radio"
                name="side"
                value={s}
                checked={form.side === s}
                onChange={() => set('side', s)}
              />
              {s === 'LONG' ? 'Long (buy)' : 'Short (sell)'}
            </label>
          ))}
        </fieldset>
        <div className="grid three">
          <div className="field">
            <label htmlFor="order-type">Order type</label>
            <select
              id="order-type"
              value={form.type}
              onChange={(e) => set('type', e.target.value as TriggerType)}
            >
              <option value="MARKET">Market</option>
              <option value="LIMIT">Limit</option>
            </select>
          </div>
          <DecimalField
            id="order-qty"
            label="Quantity"
            value={form.quantity}
            onChange={(v) => set('quantity', v)}
          />
          <DecimalField
            id="order-price"
            label="Limit price"
            value={form.type === 'LIMIT' ? form.price : ''}
            placeholder={form.type === 'LIMIT' ? '' : 'at the mark'}
            disabled={form.type !== 'LIMIT'}
            onChange={(v) => set('price', v)}
          />
          <DecimalField
            id="order-leverage"
            label="Leverage"
            value={form.leverage}
            onChange={(v) => set('leverage', v)}
          />
          <DecimalField
            id="order-sl"
            label="Stop-loss price"
            value={form.stoploss}
            placeholder="none"
            onChange={(v) => set('stoploss', v)}
          />
          <DecimalField
            id="order-tp"
            label="Take-profit price"
            value={form.takeprofit}
            placeholder="none"
            onChange={(v) => set('takeprofit', v)}
          />
        </div>
        <div className="check">
          <input
            id="order-reduce"
            type="checkbox"
            checked={form.reduceOnly}
            onChange={(e) => set('reduceOnly', e.target.checked)}
          />
          <label htmlFor="order-reduce">Reduce only (never opens or grows a position)</label>
        </div>
        <ErrorNote error={place.error} />
        {place.data && (
          <p role="status" className="note ok">
            Order {place.data.status.toLowerCase()}: {place.data.order_type} {place.data.quantity}{' '}
            {place.data.symbol}.
          </p>
        )}
        <button type="submit" className={form.side === 'LONG' ? 'buy' : 'sell'} disabled={place.isPending}>
          Place {form.side === 'LONG' ? 'long' : 'short'} order
        </button>
      </form>
    </section>
  );
}
