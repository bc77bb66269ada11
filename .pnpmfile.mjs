// pnpm hooks. beforePacking shapes the manifest `pnpm pack`/`pnpm publish` put in a tarball of a
// compiled package (one with a dist/): no devDependencies or scripts (they name private workspace
// packages that are bundled in), and only the dependencies its compiled code imports, so a user
// installing @mockex/exchange for MSW does not also get the server's Express and Redis client.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importedPackages } from './scripts/published-imports.js';

function beforePacking(pkg) {
  const dist = join(process.cwd(), 'dist');
  if (!existsSync(dist)) return pkg;
  const used = importedPackages(dist);
  delete pkg.devDependencies;
  delete pkg.scripts;
  for (const field of ['dependencies', 'peerDependencies']) {
    if (!pkg[field]) continue;
    pkg[field] = Object.fromEntries(Object.entries(pkg[field]).filter(([name]) => used.has(name)));
  }
  return pkg;
}

export const hooks = { beforePacking };
