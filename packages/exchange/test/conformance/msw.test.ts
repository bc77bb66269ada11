import { setupServer } from 'msw/node';
import { createExchangeMock } from '../../src/msw.ts';
import { FAPI_ROUTES } from '../../src/routes/index.ts';
import { conformanceSuite, KEYS, PROFILE, SEED } from './suite.ts';

conformanceSuite('MSW handlers (setupServer)', async () => {
  const baseUrl = 'https://trade.mudrex.test';
  const mock = createExchangeMock({ baseUrl, keys: KEYS, profile: PROFILE, seed: SEED });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return {
    baseUrl,
    sandbox: mock.sandbox,
    routes: FAPI_ROUTES,
    close: async () => server.close(),
  };
});
