import { type ViteUserConfig } from 'vitest/config';
/**
 * The vitest setup every package shares: tests beside the code or under test/, generous timeouts for
 * database start-up, and a JSON result file that `scripts/test-summary.js` adds up after `pnpm test`.
 */
export declare function packageProject(name: string, extra?: ViteUserConfig['test']): import("vitest/config").UserWorkspaceConfig;
