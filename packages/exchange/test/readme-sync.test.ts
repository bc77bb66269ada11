import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// The README shows readme-example.test.ts verbatim; that file runs in this suite, so the README's
// example is a test that works, as long as the two stay identical.
it('the README carries readme-example.test.ts verbatim', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  const example = readFileSync(resolve(import.meta.dirname, 'readme-example.test.ts'), 'utf8').trimEnd();
  expect(readme).toContain('```ts\n' + example + '\n```');
});
