/**
 * Builds the key service for the server: venue profile, KYC mode and the key pepper from the config.
 *
 * The pepper keys the HMAC of stored API secrets and the encryption of TOTP secrets. It belongs outside
 * the database (MOCKEX_KEY_PEPPER), so a leaked database dump cannot be used to test guessed secrets.
 * Without it, one is generated on first start and kept, so keys survive restarts:
 *   - embedded PGlite with a data directory: in `<data dir>/mockex-key-pepper`, mode 0600;
 *   - PostgreSQL (or an in-memory PGlite): in the mockex_meta row `keys.pepper`, with a warning.
 * Changing the pepper later invalidates every API key and 2FA enrolment; to move to the variable, set
 * MOCKEX_KEY_PEPPER to the value that was generated.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { venueProfile, type Clock } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';
import { createKeyService, generatePepper, MIN_PEPPER_LENGTH, type KeyService } from '@mockex/keys';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export const PEPPER_FILE = 'mockex-key-pepper';
export const PEPPER_META_KEY = 'keys.pepper';

export type PepperSource = 'env' | 'file' | 'database';

export async function resolveKeyPepper(
  config: Pick<Config, 'MOCKEX_KEY_PEPPER'>,
  database: MockexDatabase,
  logger: Logger,
): Promise<{ pepper: string; source: PepperSource }> {
  if (config.MOCKEX_KEY_PEPPER) return { pepper: config.MOCKEX_KEY_PEPPER, source: 'env' };

  if (database.kind === 'pglite' && !database.location.startsWith('memory://')) {
    const file = join(database.location, PEPPER_FILE);
    if (!existsSync(file)) {
      try {
        // 'wx': if another process created it meanwhile, keep theirs.
        writeFileSync(file, `${generatePepper()}\n`, { mode: 0o600, flag: 'wx' });
        logger.info({ file }, 'generated the key pepper (set MOCKEX_KEY_PEPPER to manage it yourself)');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    chmodSync(file, 0o600);
    const pepper = readFileSync(file, 'utf8').trim();
    if (pepper.length < MIN_PEPPER_LENGTH)
      throw new Error(`the key pepper in ${file} is shorter than ${MIN_PEPPER_LENGTH} characters`);
    return { pepper, source: 'file' };
  }

  await database.db
    .insertInto('mockex_meta')
    .values({ key: PEPPER_META_KEY, value: generatePepper() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await database.db
    .selectFrom('mockex_meta')
    .select('value')
    .where('key', '=', PEPPER_META_KEY)
    .executeTakeFirstOrThrow();
  if (database.kind === 'postgres') {
    logger.warn(
      'MOCKEX_KEY_PEPPER is not set: the key pepper is stored in the database (mockex_meta), so a copy of the database ' +
        'is enough to test guesses against stored API-key hashes. Set MOCKEX_KEY_PEPPER to the stored value and delete the row.',
    );
  }
  return { pepper: row.value, source: 'database' };
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
