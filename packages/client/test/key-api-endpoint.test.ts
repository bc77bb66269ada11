import { describe, expect, it } from 'vitest';
import { keyApiEndpoint } from '../src/key-api.ts';

describe('keyApiEndpoint', () => {
  it('appends /trpc to a bare server URL and keeps a full one', () => {
    expect(keyApiEndpoint('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/trpc');
    expect(keyApiEndpoint('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/trpc');
    expect(keyApiEndpoint('http://127.0.0.1:8080/trpc')).toBe('http://127.0.0.1:8080/trpc');
  });

  it('keeps a relative URL relative, for a page served by Mockex', () => {
    expect(keyApiEndpoint('/trpc')).toBe('/trpc');
    expect(keyApiEndpoint('/trpc/')).toBe('/trpc');
    expect(keyApiEndpoint('/')).toBe('/trpc');
    expect(keyApiEndpoint('/mockex/trpc')).toBe('/mockex/trpc');
  });
});
