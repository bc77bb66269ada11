/**
 * The quickstart, start to finish, as one script: sign up, KYC, 2FA, an API key, then funds, leverage
 * and a first MARKET order on BTCUSDT that fills at once.
 *
 *   MOCKEX_URL=http://127.0.0.1:8080 node --import tsx examples/quickstart.ts
 */
import { createKeyApiClient } from '@mockex/client';
import { exchangeCaller } from './exchange-fetch.ts';
import { freshCode } from './totp.ts';

interface Instrument {
  id: string;
  symbol: string;
  min_contract: string;
  price: string;
}

export async function quickstart(baseUrl: string, email = `trader-${Date.now()}@example.com`) {
  const password = 'correct horse battery staple';

  // 1. An account and a session.
  const guest = createKeyApiClient({ url: `${baseUrl}/trpc` });
  await guest.auth.signUp.mutate({ email, password });
  const { token } = await guest.auth.signIn.mutate({ email, password });
  const keyApi = createKeyApiClient({ url: `${baseUrl}/trpc`, token });

  // 2. KYC: the sandbox verifies at once.
  await keyApi.account.submitKyc.mutate({ legalName: 'Ada Lovelace', country: 'GB' });

  // 3. Two-factor authentication: put `otpauthUrl` in an authenticator app, confirm with a code.
  const { secret: totpSecret } = await keyApi.account.beginTwoFactor.mutate();
  await keyApi.account.enableTwoFactor.mutate({ otp: await freshCode(totpSecret) });

  // 4. An API key that may trade. Its secret is shown this once: store it now.
  const { key, secret } = await keyApi.keys.create.mutate({
    label: 'quickstart bot',
    permissions: ['TRADE'],
    otp: await freshCode(totpSecret),
  });

  // 5. Trade: move funds to the futures wallet, set leverage, buy the smallest BTCUSDT position.
  const call = exchangeCaller(baseUrl, secret);
  await call('POST', '/wallet/futures/transfer', {
    from_wallet_type: 'SPOT',
    to_wallet_type: 'FUTURES',
    amount: '1000',
  });
  const btc = await call<Instrument>('GET', '/futures/BTCUSDT?is_symbol');
  await call('POST', `/futures/${btc.id}/leverage`, { leverage: '5', margin_type: 'ISOLATED' });
  const order = await call<{ order_id: string; status: string }>('POST', `/futures/${btc.id}/order`, {
    leverage: '5',
    quantity: btc.min_contract,
    order_price: btc.price,
    order_type: 'LONG',
    trigger_type: 'MARKET',
    is_stoploss: false,
    is_takeprofit: false,
    reduce_only: false,
  });
  const filled = await call<{ status: string; filled_price: string }>(
    'GET',
    `/futures/orders/${order.order_id}`,
  );
  const positions = await call<
    { id: string; symbol: string; quantity: string; entry_price: string }[] | null
  >('GET', '/futures/positions');

  return { keyId: key.id, keyPrefix: key.keyPrefix, order, filled, positions };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await quickstart(process.env.MOCKEX_URL ?? 'http://127.0.0.1:8080');
  console.warn(JSON.stringify(result, null, 2));
}
