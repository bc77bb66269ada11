import { useExchange } from '../lib/exchange-session.tsx';
import { KeyChooser, RateBanner } from '../console/KeyChooser.tsx';
import { Funds } from '../console/Funds.tsx';
import { Market } from '../console/Market.tsx';
import { OpenOrders } from '../console/Orders.tsx';
import { Positions } from '../console/Positions.tsx';
import { History } from '../console/History.tsx';

export function ConsolePage() {
  const ex = useExchange();
  return (
    <section>
      <h1>Trading console</h1>
      <p className="muted">
        The sandbox exchange through one of your API keys, as your bot sees it: every answer below is the
        exchange's own.
      </p>
      <KeyChooser />
      <RateBanner />
      {ex.client && (
        <div className="console">
          <Funds />
          <Market />
          <Positions />
          <OpenOrders />
          <History />
        </div>
      )}
    </section>
  );
}
