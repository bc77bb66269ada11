import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createExchangeRouter } from '../../src/express.ts';
import { createInProcessExchange } from '../../src/in-process.ts';
import { FAPI_ROUTES } from '../../src/routes/index.ts';
import { conformanceSuite, KEYS, PROFILE, SEED } from './suite.ts';

conformanceSuite('Express router over real HTTP', async () => {
  const exchange = createInProcessExchange({ keys: KEYS, profile: PROFILE, seed: SEED });
  const app = express();
  app.use('/fapi/v1', createExchangeRouter({ handler: exchange.gateway }));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sandbox: exchange.sandbox,
    routes: FAPI_ROUTES,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
});
