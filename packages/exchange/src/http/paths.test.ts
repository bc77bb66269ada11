import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wildcardMatches } from './paths.ts';

/** The obvious (exponential-time) definition, for short inputs only. */
function reference(pattern: string, path: string): boolean {
  if (pattern === '') return path === '';
  if (pattern[0] === '*') {
    for (let i = 0; i <= path.length; i++) if (reference(pattern.slice(1), path.slice(i))) return true;
    return false;
  }
  return path[0] === pattern[0] && reference(pattern.slice(1), path.slice(1));
}

describe('wildcardMatches', () => {
  it.each([
    ['/fapi/v1/futures/funds', '/fapi/v1/futures/funds', true],
    ['/fapi/v1/futures/*', '/fapi/v1/futures/funds', true],
    ['/fapi/v1/futures/*/close', '/fapi/v1/futures/positions/p1/close', true],
    ['/fapi/v1/futures/*/close', '/fapi/v1/futures/positions/p1/close/partial', false],
    ['*', '', true],
    ['*funds', '/fapi/v1/futures/funds', true],
    ['/a*a', '/a', false],
    ['/*.*', '/a.b', true],
    ['/(x)+?', '/(x)+?', true],
  ])('%s against %s: %s', (pattern, path, expected) => {
    expect(wildcardMatches(pattern, path)).toBe(expected);
  });

  it('agrees with the textbook definition', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*'), maxLength: 8 });
    fc.assert(
      fc.property(text, text, (pattern, rawPath) => {
        const path = rawPath.replaceAll('*', 'a');
        expect(wildcardMatches(pattern, path)).toBe(reference(pattern, path));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the probe pattern against a 120-character path', () => {
  // Run in a child process: a backtracking matcher blocks its event loop for minutes, and only a
  // process that can be killed from outside turns that hang into a failure (the 20 s is a hang
  // detector, not a speed requirement: the answer takes microseconds).
  it('returns instead of hanging', async () => {
    const module = fileURLToPath(new URL('./paths.ts', import.meta.url));
    const script = `
      const { wildcardMatches } = await import(${JSON.stringify(module)});
      const path = '/fapi/v1/' + 'a'.repeat(111);
      console.log(JSON.stringify([
        wildcardMatches('/*a*a*a*a*a*a*a*a*a*a*b', path),
        wildcardMatches('/*a*a*a*a*a*a*a*a*a*a*b', path + 'b'),
      ]));`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { timeout: 20_000, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
    });
    expect(JSON.parse(output)).toEqual([false, true]);
  }, 30_000);
});
