import { describe, expect, it } from 'vitest';
import { DEFAULT_ACQUIRE_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from '@mockex/db';
import { configSchema } from '../src/config.ts';

const issue = (env: Record<string, string>) => {
  const parsed = configSchema.safeParse(env);
  return parsed.success ? null : parsed.error.issues[0]!.message;
};

describe('configuration', () => {
  it('database timeouts default to the database package and take 100 ms to 10 minutes', () => {
    const config = configSchema.parse({});
    expect(config.MOCKEX_DB_STATEMENT_TIMEOUT_MS).toBe(DEFAULT_STATEMENT_TIMEOUT_MS);
    expect(config.MOCKEX_DB_ACQUIRE_TIMEOUT_MS).toBe(DEFAULT_ACQUIRE_TIMEOUT_MS);
    for (const name of ['MOCKEX_DB_STATEMENT_TIMEOUT_MS', 'MOCKEX_DB_ACQUIRE_TIMEOUT_MS'] as const) {
      expect(configSchema.parse({ [name]: '100' })[name]).toBe(100);
      expect(configSchema.parse({ [name]: '600000' })[name]).toBe(600_000);
      expect(issue({ [name]: '99' })).toBe('must be at least 100');
      expect(issue({ [name]: '600001' })).toBe('must be at most 600000');
      expect(issue({ [name]: '1.5' })).toBe('must be a whole number');
      expect(issue({ [name]: 'soon' })).toBe('must be a number of milliseconds');
    }
  });

  it('allowed hosts are a comma-separated list of host names, lowercased', () => {
    expect(configSchema.parse({}).MOCKEX_ALLOWED_HOSTS).toEqual([]);
    expect(
      configSchema.parse({ MOCKEX_ALLOWED_HOSTS: ' Mockex.Test, .lan.example,,[::1]' }).MOCKEX_ALLOWED_HOSTS,
    ).toEqual(['mockex.test', '.lan.example', '[::1]']);
    expect(issue({ MOCKEX_ALLOWED_HOSTS: 'ok.example, http://bad.example' })).toBe(
      'must be host names separated by commas',
    );
  });
});
