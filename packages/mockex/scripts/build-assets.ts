/**
 * Fills `assets/` with what the published `mockex` package serves and loads beside its compiled code
 * (apps/server/src/assets.ts looks them up): the built docs site, the built web app,
 * and a dump of a freshly migrated embedded database, so `npx mockex start` skips initdb.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dumpMigratedDatabase, writeFileAtomic } from '@mockex/db';

const root = resolve(import.meta.dirname, '../../..');
const assets = resolve(import.meta.dirname, '../assets');
rmSync(assets, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const sites = [
  { from: join(root, 'docs/build'), to: 'docs', what: 'the docs site', required: true },
  // Built by apps/web's own build (a devDependency, so turbo builds it first); served at `/`.
  { from: join(root, 'apps/web/dist'), to: 'web', what: 'the web app', required: true },
];
for (const site of sites) {
  if (!existsSync(join(site.from, 'index.html'))) {
    if (site.required) throw new Error(`${site.what} is not built (${site.from}): run pnpm build first`);
    console.log(`assets: ${site.what} not built, not shipped`);
    continue;
  }
  cpSync(site.from, join(assets, site.to), { recursive: true });
  console.log(`assets: ${site.what} from ${site.from}`);
}

writeFileAtomic(join(assets, 'pglite.tar.gz'), await dumpMigratedDatabase());
console.log('assets: a migrated embedded database (pglite.tar.gz)');
