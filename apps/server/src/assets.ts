import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Built files the CLI serves or loads, found either in the published `mockex` package (an `assets/`
 * folder beside the compiled `dist/`, filled by packages/mockex/scripts/build-assets.ts) or in a source
 * checkout (where `pnpm build` leaves them). The first candidate that exists wins.
 */
const here = dirname(fileURLToPath(import.meta.url));
const packaged = resolve(here, '../assets');
const checkout = resolve(here, '../../..');

function firstExisting(...candidates: string[]): string | undefined {
  return candidates.find((c) => existsSync(c));
}

/** The built docs site (served at /docs/). */
export function defaultDocsDir(): string | undefined {
  const dir = firstExisting(join(packaged, 'docs'), join(checkout, 'docs/build'));
  return dir && existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** The built web app (apps/web/dist in a checkout, assets/web in the package), for whoever serves `/`. */
export function defaultWebDir(): string | undefined {
  const dir = firstExisting(join(packaged, 'web'), join(checkout, 'apps/web/dist'));
  return dir && existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** The pre-migrated PGlite dump shipped in the package; a checkout makes and caches its own. */
export function packagedDatabaseDump(): string | undefined {
  return firstExisting(join(packaged, 'pglite.tar.gz'));
}
