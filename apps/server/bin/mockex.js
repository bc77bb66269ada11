#!/usr/bin/env node
// The workspace ships TypeScript source; tsx loads it (transpile only, cached) so there is no
// separate build output that could drift from the code.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
