import { fileURLToPath } from 'node:url';
import { relativeLinks } from '@pause/vitest-config/readme';
import { describe, expect, it } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README', () => {
  it('has no relative links (they break on the npm registry)', () => {
    expect(relativeLinks(readme)).toEqual([]);
  });
});
