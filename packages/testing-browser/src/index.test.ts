import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { chromiumForTests, findChromium } from './index.ts';

describe('finding Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mockex-chromium-lookup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = (rel: string) => {
    const file = join(dir, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };

  it('takes CHROMIUM_PATH first, and refuses one that is not executable', () => {
    const chrome = fake('custom/chrome');
    expect(findChromium({ CHROMIUM_PATH: chrome, PATH: '' })).toBe(chrome);
    expect(() => findChromium({ CHROMIUM_PATH: join(dir, 'missing') })).toThrow(/apt-get install chromium/);
  });

  it("then Debian's binary, then chromium on the PATH", () => {
    const debian = fake('usr/bin/chromium');
    const onPath = fake('bin/chromium');
    expect(findChromium({ PATH: join(dir, 'bin') }, debian)).toBe(debian);
    expect(findChromium({ PATH: join(dir, 'bin') }, join(dir, 'none'))).toBe(onPath);
  });

  it('skips with one line outside CI and fails in CI when there is none', () => {
    const none = join(dir, 'none');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(chromiumForTests('the docs browser test', { PATH: '' }, none)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^Skipping the docs browser test: .*apt-get install chromium/,
    );
    expect(() => chromiumForTests('the docs browser test', { PATH: '', CI: 'true' }, none)).toThrow(
      /CI=true requires it/,
    );
    warn.mockRestore();
  });
});
