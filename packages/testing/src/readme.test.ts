import { fileURLToPath } from 'node:url';
import { assertReadmeShowsFile, relativeLinks } from '@pause/vitest-config/readme';
import { describe, expect, it } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README', () => {
  it('starts with src/readme-example.test.ts, verbatim (that file runs as a test)', () => {
    const example = fileURLToPath(new URL('./readme-example.test.ts', import.meta.url));
    expect(assertReadmeShowsFile(readme, example)).toBe(0);
  });

  it('has no relative links (they break on the npm registry)', () => {
    expect(relativeLinks(readme)).toEqual([]);
  });
});
