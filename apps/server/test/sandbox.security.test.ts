import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxExposureWarning } from '../src/exchange-mount.ts';
import { startTestServer, type TestServer } from '../src/testing.ts';

const TOKEN = 'sandbox-token-0123456789abcdef';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MOCKEX_SANDBOX_TOKEN: TOKEN });
});
afterAll(() => server?.stop());

describe('sandbox control plane with MOCKEX_SANDBOX_TOKEN', () => {
  it('refuses calls without the bearer token or with a wrong one (401 SANDBOX_UNAUTHORIZED)', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/sandbox/v1/reset`, { method: 'POST', headers });
      expect(res.status).toBe(401);
      expect((await res.json()).errors[0]).toMatchObject({ code: 401, reason: 'SANDBOX_UNAUTHORIZED' });
    }
  });

  it('accepts the token', async () => {
    const res = await fetch(`${server.url}/sandbox/v1/clock`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.offsetSeconds).toBe(0);
  });

  it('never logs the token or an API secret', async () => {
    await fetch(`${server.url}/sandbox/v1/clock`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await fetch(`${server.url}/fapi/v1/futures/funds`, {
      headers: { 'X-Authentication': 'mx_secret_that_must_not_leak_0000000' },
    });
    expect(server.logs.text()).not.toContain(TOKEN);
    expect(server.logs.text()).not.toContain('mx_secret_that_must_not_leak');
  });
});

describe('start-up warning', () => {
  it('warns when listening beyond loopback without a token, and only then', () => {
    expect(sandboxExposureWarning('0.0.0.0', undefined)).toMatch(
      /WARNING: the sandbox control plane .* without a token/,
    );
    expect(sandboxExposureWarning('::', undefined)).not.toBeNull();
    expect(sandboxExposureWarning('0.0.0.0', TOKEN)).toBeNull();
    expect(sandboxExposureWarning('127.0.0.1', undefined)).toBeNull();
    expect(sandboxExposureWarning('::1', undefined)).toBeNull();
    expect(sandboxExposureWarning('localhost', undefined)).toBeNull();
  });

  it('the running server logs it at start', async () => {
    const open = await startTestServer({ HOST: '0.0.0.0' });
    try {
      expect(open.logs.text()).toContain(
        'WARNING: the sandbox control plane (/sandbox/v1) is reachable on 0.0.0.0 without a token',
      );
    } finally {
      await open.stop();
    }
  });
});
