/**
 * Builds the key service for the server: venue profile, KYC mode, the key pepper and the clocks.
 *
 * The pepper keys the HMAC of stored API secrets and the encryption of TOTP secrets, so it must live
 * where a copy of the database (or of the PGlite data directory) does not reach it:
 *   - MOCKEX_KEY_PEPPER, when set;
 *   - otherwise a file generated on first start, mode 0600, at MOCKEX_KEY_PEPPER_FILE (default
 *     `$XDG_CONFIG_HOME/mockex/key-pepper`, else `~/.config/mockex/key-pepper`);
 *   - an in-memory database (`--memory`) keeps its pepper in memory too: nothing outlives the process.
 * Earlier versions kept the generated pepper in the database (mockex_meta `keys.pepper`) or beside the
 * PGlite data (`<data dir>/mockex-key-pepper`); the first start finds it there, moves it into the file
 * and deletes the old copy. Changing the pepper later invalidates every API key and 2FA enrolment; to
 * move to the variable, set MOCKEX_KEY_PEPPER to the file's content.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { venueProfile, type Clock } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';
import { createKeyService, generatePepper, MIN_PEPPER_LENGTH, type KeyService } from '@mockex/keys';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

/** Where earlier versions kept a generated pepper: beside the PGlite data, or in the database. */
export const LEGACY_PEPPER_FILE = 'mockex-key-pepper';
export const LEGACY_PEPPER_META_KEY = 'keys.pepper';

export type PepperSource = 'env' | 'file' | 'memory';

/** `$XDG_CONFIG_HOME/mockex/key-pepper`, or `~/.config/mockex/key-pepper`. */
export function defaultPepperFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(base, 'mockex', 'key-pepper');
}

/** Creates `file` with `content` at once or not at all (another process may be creating it too). */
function createExclusively(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file); // fails with EEXIST if it is there: the first writer wins
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
}

interface LegacyPepper {
  pepper: string;
  where: string;
  remove(): Promise<void>;
}

async function findLegacyPepper(database: MockexDatabase): Promise<LegacyPepper | null> {
  if (database.kind === 'pglite') {
    const file = join(database.location, LEGACY_PEPPER_FILE);
    if (!existsSync(file)) return null;
    return {
      pepper: readFileSync(file, 'utf8').trim(),
      where: file,
      remove: async () => rmSync(file, { force: true }),
    };
  }
  const row = await database.db
    .selectFrom('mockex_meta')
    .select('value')
    .where('key', '=', LEGACY_PEPPER_META_KEY)
    .executeTakeFirst();
  if (!row) return null;
  return {
    pepper: row.value,
    where: 'the database (mockex_meta)',
    remove: async () => {
      await database.db.deleteFrom('mockex_meta').where('key', '=', LEGACY_PEPPER_META_KEY).execute();
    },
  };
}

export async function resolveKeyPepper(
  config: Pick<Config, 'MOCKEX_KEY_PEPPER' | 'MOCKEX_KEY_PEPPER_FILE'>,
  database: MockexDatabase,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ pepper: string; source: PepperSource; file?: string }> {
  if (config.MOCKEX_KEY_PEPPER) return { pepper: config.MOCKEX_KEY_PEPPER, source: 'env' };

  if (database.inMemory) {
    // Nothing of an in-memory database is ever written down; every process on it shares one pepper.
    await database.db
      .insertInto('mockex_meta')
      .values({ key: LEGACY_PEPPER_META_KEY, value: generatePepper() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await database.db
      .selectFrom('mockex_meta')
      .select('value')
      .where('key', '=', LEGACY_PEPPER_META_KEY)
      .executeTakeFirstOrThrow();
    return { pepper: row.value, source: 'memory' };
  }

  const file = config.MOCKEX_KEY_PEPPER_FILE ?? defaultPepperFile(env);
  const legacy = await findLegacyPepper(database);
  if (!existsSync(file)) {
    createExclusively(file, `${legacy?.pepper ?? generatePepper()}\n`);
    if (!legacy)
      logger.info({ file }, 'generated the key pepper (set MOCKEX_KEY_PEPPER to manage it yourself)');
  }
  chmodSync(file, 0o600);
  const pepper = readFileSync(file, 'utf8').trim();
  if (pepper.length < MIN_PEPPER_LENGTH)
    throw new Error(`the key pepper in ${file} is shorter than ${MIN_PEPPER_LENGTH} characters`);
  if (legacy) {
    if (legacy.pepper !== pepper) {
      throw new Error(
        `this database's key pepper is still kept in ${legacy.where}, and ${file} holds a different one ` +
          "(another database's): set MOCKEX_KEY_PEPPER_FILE to a file of its own for this database",
      );
    }
    await legacy.remove();
    logger.info({ file, from: legacy.where }, 'moved the key pepper out of the database into its own file');
  }
  return { pepper, source: 'file', file };
}

export async function openKeyService(options: {
  config: Config;
  database: MockexDatabase;
  logger: Logger;
  /** The sandbox clock (key expiry and audit times). */
  clock: Clock;
  /** Real time for TOTP codes, sessions and sign-in locks (default: the system clock). */
  realClock?: Clock;
}): Promise<KeyService> {
  const { config, database, logger, clock, realClock } = options;
  const { pepper } = await resolveKeyPepper(config, database, logger);
  return createKeyService({
    database,
    clock,
    ...(realClock ? { realClock } : {}),
    profile: venueProfile(config.MOCKEX_VENUE),
    pepper,
    kycMode: config.MOCKEX_KYC_MODE,
    logger,
  });
}
