// `pnpm pack:packages`: packs the three installable packages (contract section 6) into packed/, as the
// registry would serve them once published, after `turbo run build` compiled them. pnpm's pack applies
// publishConfig (the compiled `exports`) and rewrites `workspace:`/`catalog:` to real version ranges.
// .pnpmfile.mjs trims the packed manifest to what the compiled code imports. Each tarball is then checked: no workspace-only ranges left, and every package the compiled code or
// its type declarations import is a dependency or peer of the package (nothing that only resolves
// inside this workspace).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importedPackages } from './published-imports.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKED_DIR = join(root, 'packed');
export const PUBLISHED = ['packages/mockex', 'packages/exchange', 'packages/client'];

function check(tarball, pkgDir) {
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  const problems = [];
  const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
  for (const [name, range] of Object.entries(ranges)) {
    if (/^(workspace|catalog|file|link):/.test(range))
      problems.push(`${name}@${range} is not a registry range`);
    if (name.startsWith('@mockex/') && !PUBLISHED.some((p) => p.endsWith(name.slice(8))))
      problems.push(`${name} is private: it must be bundled, not depended on`);
  }
  for (const name of importedPackages(join(pkgDir, 'dist'))) {
    if (name !== manifest.name && !(name in ranges))
      problems.push(`dist imports ${name}, which is not a dependency`);
  }
  if (problems.length) throw new Error(`${manifest.name}: ${problems.join('; ')}`);
  return manifest;
}

export function packAll() {
  rmSync(PACKED_DIR, { recursive: true, force: true });
  mkdirSync(PACKED_DIR, { recursive: true });
  const tarballs = [];
  for (const rel of PUBLISHED) {
    const pkgDir = join(root, rel);
    if (!statSync(join(pkgDir, 'dist'), { throwIfNoEntry: false })) {
      throw new Error(`${rel} is not built: run pnpm pack:packages (it builds first)`);
    }
    const before = new Set(readdirSync(PACKED_DIR));
    execFileSync('pnpm', ['pack', '--pack-destination', PACKED_DIR], { cwd: pkgDir, stdio: 'ignore' });
    const file = readdirSync(PACKED_DIR).find((f) => !before.has(f));
    if (!file) throw new Error(`pnpm pack wrote nothing for ${rel}`);
    const tarball = join(PACKED_DIR, file);
    const manifest = check(tarball, pkgDir);
    tarballs.push({ name: manifest.name, file: tarball, bytes: statSync(tarball).size });
  }
  return tarballs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const t of packAll()) {
    console.log(`${t.name.padEnd(18)} ${(t.bytes / 1024).toFixed(0).padStart(6)} kB  ${t.file}`);
  }
}
