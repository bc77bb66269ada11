import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where browser tests find Chromium (they drive it with playwright-core; nothing downloads a browser):
 * `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium`, else `chromium` on the PATH.
 * Every browser test in the repository takes its browser from here.
 */
export const CHROMIUM_HELP =
  'install it with `apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags every browser test launches Chromium with: headless as root, and none of the background
 * connections that a closed network refuses (updates, sync, first-run pages).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium binary to use, or undefined when there is none. A CHROMIUM_PATH that is wrong is an error. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  debianPath = DEBIAN_CHROMIUM,
): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!executable(env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: ${CHROMIUM_HELP}`);
    }
    return env.CHROMIUM_PATH;
  }
  if (executable(debianPath)) return debianPath;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'chromium'))) return join(dir, 'chromium');
  }
  return undefined;
}

/**
 * For a browser test file: the Chromium to launch, or `undefined` after printing one line saying the
 * tests are skipped and how to get the browser. With `CI=true` a missing browser is an error instead:
 * CI must never pass by skipping them.
 */
export function chromiumForTests(
  what: string,
  env: NodeJS.ProcessEnv = process.env,
  debianPath = DEBIAN_CHROMIUM,
): string | undefined {
  const found = findChromium(env, debianPath);
  if (found) return found;
  const message = `no Chromium for ${what}: ${CHROMIUM_HELP}`;
  if (env.CI === 'true' || env.CI === '1') throw new Error(`${message} (CI=true requires it)`);
  console.warn(`Skipping ${what}: ${message}.`);
  return undefined;
}
