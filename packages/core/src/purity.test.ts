import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = new URL('.', import.meta.url).pathname;
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.bench.ts'))
  .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

/** Guards the core's contract: no clock, no environment, no I/O, no Kubernetes client. */
describe('@pause/core stays pure', () => {
  it('has source files to check', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it.each([
    ['a clock', /Date\.now\(|new Date\(\)|performance\.now/],
    ['timers', /setTimeout|setInterval|setImmediate/],
    ['the environment', /process\.|globalThis\.process/],
    ['node built-ins or any package import', /from ['"](?!\.)/],
    ['fetch', /\bfetch\(/],
    ['console output', /console\./],
  ])('no %s', (_what, pattern) => {
    const offenders = sources.filter(([, text]) => pattern.test(text)).map(([file]) => file);
    expect(offenders).toEqual([]);
  });

  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
