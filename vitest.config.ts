import { defineConfig } from 'vitest/config';

// One vitest project per package, so `pnpm vitest` from the root runs them all and each
// package can also run alone through its own `test` script (which is what turbo does).
export default defineConfig({
  test: { projects: ['packages/*', 'apps/*', 'docs', 'bench'] },
});
