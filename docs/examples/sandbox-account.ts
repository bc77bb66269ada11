/**
 * A fresh, funded trader for each test in one call, then straight to trading with its key.
 *
 *   MOCKEX_URL=http://127.0.0.1:8080 node --import tsx examples/sandbox-account.ts
 */
import { createExchangeClient, createSandboxClient } from '@mockex/client';

export async function tradeWithFreshAccount(baseUrl: string) {
  // Pass `token` too when the server runs with MOCKEX_SANDBOX_TOKEN.
  const sandbox = createSandboxClient({ baseUrl });
  const account = await sandbox.createAccount(); // READ_ONLY+TRADE key, 10000 USDT in futures
  const bot = createExchangeClient({ baseUrl, secret: account.secret });

  const order = await bot.placeOrder(
    'BTCUSDT',
    { leverage: 5, quantity: '0.01', order_price: '1000', order_type: 'LONG', trigger_type: 'LIMIT' },
    { isSymbol: true },
  );
  // account.password and account.totpSecret sign in to the key API and the web app later.
  return { email: account.email, keyPrefix: account.key.keyPrefix, order };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await tradeWithFreshAccount(process.env.MOCKEX_URL ?? 'http://127.0.0.1:8080');
  console.warn(JSON.stringify(result, null, 2));
}
