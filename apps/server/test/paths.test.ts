import { describe, expect, it } from 'vitest';
import { isPrivatePath, isServerPath, pathOf, under } from '../src/paths.ts';

describe('request paths', () => {
  it('a path is its URL without the query', () => {
    expect(pathOf('/fapi/v1/futures/funds?trade_currency=INR')).toBe('/fapi/v1/futures/funds');
    expect(pathOf('/healthz')).toBe('/healthz');
  });

  it('a mount holds itself and what is below it, never a longer sibling', () => {
    expect(under('/fapi/v1', '/fapi/v1')).toBe(true);
    expect(under('/fapi/v1/futures', '/fapi/v1')).toBe(true);
    expect(under('/fapi/v10', '/fapi/v1')).toBe(false);
    expect(under('/fapi', '/fapi/v1')).toBe(false);
  });

  it.each([
    ['/fapi/v1/futures/funds', true],
    ['/fapi/v1/futures/ping', true],
    ['/fapi/v1/price/kline', false],
    ['/fapi/v1/price/mark-kline', false],
    ['/fapi/v1/price/no-such-route', true],
    ['/fapi/v1', true],
    ['/sandbox/v1/clock', true],
    ['/trpc/account.me', true],
    ['/trpcx', false],
    ['/healthz', false],
    ['/openapi.json', false],
    ['/docs/', false],
    ['/keys', false],
  ])('%s is private: %s', (path, expected) => {
    expect(isPrivatePath(path)).toBe(expected);
  });

  it.each([
    ['/trpc/account.me', true],
    ['/fapi/v2/anything', true],
    ['/sandbox', true],
    ['/docs/guides/', true],
    ['/healthz', true],
    ['/openapi.json', true],
    ['/keys', false],
    ['/console/BTCUSDT', false],
    ['/fapiary', false],
  ])('%s belongs to the server, not the web app: %s', (path, expected) => {
    expect(isServerPath(path)).toBe(expected);
  });
});
