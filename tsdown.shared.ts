import { defineConfig, type UserConfig } from 'tsdown';

/**
 * How a published package is compiled: ESM JavaScript for Node 20 with bundled type declarations.
 * The private workspace packages (`@mockex/*` devDependencies) are bundled in, code and types, so a
 * user installs one package; every third-party package stays a real import, and scripts/pack-packages.js
 * fails when the compiled code imports one its manifest does not list (nothing is silently inlined).
 */
export function publishedPackage(entry: Record<string, string>, extra: UserConfig = {}) {
  return defineConfig({
    entry,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    outDir: 'dist',
    clean: true,
    fixedExtension: false,
    // Declarations come from one program over every workspace package, so the bundled private
    // packages' types resolve like their code does.
    tsconfig: '../../tsconfig.publish.json',
    dts: true,
    deps: { neverBundle: [/^(?!@mockex\/)[a-z@][^:]*$/] },
    // No dependency is imported for its side effects: an import whose bindings are unused goes, so a
    // published entry does not pull in packages only other entries of the workspace package need.
    treeshake: { moduleSideEffects: [{ external: true, sideEffects: false }] },
    ...extra,
  });
}
