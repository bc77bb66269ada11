import { defineProject, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest setup every package shares: tests beside the code or under test/, generous timeouts for
 * database start-up, and a JSON result file that `scripts/test-summary.js` adds up after `pnpm test`.
 */
export function packageProject(name: string, extra: ViteUserConfig['test'] = {}) {
  return defineProject({
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      passWithNoTests: true,
      reporters: ['default', 'json'],
      outputFile: { json: './.test-results.json' },
      ...extra,
    },
  });
}
