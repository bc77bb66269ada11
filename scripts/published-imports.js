// Which packages a published package's compiled output (dist/*.js and *.d.ts) imports: the one source
// of truth for its runtime dependencies (see .pnpmfile.mjs and scripts/pack-packages.js).
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function importedPackages(distDir) {
  const found = new Set();
  for (const file of readdirSync(distDir, { recursive: true })) {
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const code = readFileSync(join(distDir, file), 'utf8');
    // A specifier has no whitespace: that keeps prose such as `fetched from "…` in strings out.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"'.\s][^"'\s]*)["']/g)) {
      const spec = m[1];
      if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return found;
}
