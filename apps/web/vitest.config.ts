import { packageProject } from '../../vitest.shared.ts';

// Unit tests of the app's logic (src/**) and the browser journey (test/journey.test.ts), which needs
// the built app (turbo runs build before test) and Debian's Chromium.
export default packageProject('web', { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] });
