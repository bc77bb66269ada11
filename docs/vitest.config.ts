import { packageProject } from '../vitest.shared.ts';

// The examples' own vitest files (the MSW guide's sample) run as part of this suite.
export default packageProject('docs', { include: ['test/**/*.test.ts', 'examples/**/*.test.ts'] });
