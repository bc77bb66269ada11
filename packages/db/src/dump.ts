import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrations } from './migrations/index.ts';
import { createDatabase } from './create-database.ts';

/**
 * A fresh PGlite costs ~3 s (initdb in WASM); loading a dump of an already migrated one costs a few
 * hundred milliseconds. The `mockex` package ships such a dump, made at pack time; tests and a source
 * checkout make one on first use and cache it in the temp directory under a hash of the migration list.
 */
export async function dumpMigratedDatabase(): Promise<Buffer> {
  const pglite = await PGlite.create();
  const handle = await createDatabase({ pglite });
  try {
    return Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await handle.close();
  }
}

/** Writes `bytes` to `file` atomically: a parallel reader sees the whole file or none. */
export function writeFileAtomic(file: string, bytes: Buffer): void {
  const partial = `${file}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, bytes);
  renameSync(partial, file);
}

/**
 * The cached dump of a migrated database for this schema, made once per machine and schema;
 * `onMake` hears when it has to be made (a few seconds).
 */
export async function cachedMigratedDump(onMake?: () => void): Promise<Blob> {
  const key = createHash('sha256').update(Object.keys(migrations).join('\n')).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `mockex-pglite-${key}.tar.gz`);
  if (!existsSync(file)) {
    onMake?.();
    writeFileAtomic(file, await dumpMigratedDatabase());
  }
  return new Blob([readFileSync(file)]);
}
