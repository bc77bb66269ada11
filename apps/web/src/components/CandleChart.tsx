import { useEffect, useRef } from 'react';
import {
  CandlestickSeries,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from '../lib/kline.ts';

/** lightweight-charts 5 candles; the chart is an image to assistive tech, with a text summary beside it. */
export function CandleChart({ candles, label }: { candles: Candle[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const c = createChart(host.current, {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#1f2933' },
      grid: { vertLines: { color: '#eef1f4' }, horzLines: { color: '#eef1f4' } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    series.current = c.addSeries(CandlestickSeries, {
      upColor: '#12805c',
      downColor: '#c2372f',
      wickUpColor: '#12805c',
      wickDownColor: '#c2372f',
      borderVisible: false,
    });
    chart.current = c;
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    series.current?.setData(
      candles.map((k) => ({
        time: k.time as UTCTimestamp,
        open: k.open,
        high: k.high,
        low: k.low,
        close: k.close,
      })),
    );
    chart.current?.timeScale().fitContent();
  }, [candles]);

  const last = candles[candles.length - 1];
  return (
    // The figure and its caption name the chart; the host is no role="img", since the chart library
    // puts a link (its attribution) inside it.
    <figure className="chart" aria-label={`Candle chart of ${label}, one candle per minute`}>
      <div ref={host} className="chart-host" />
      <figcaption className="muted">
        {label}, 1-minute candles{last ? `; last close ${last.close}` : ''}
      </figcaption>
    </figure>
  );
}
