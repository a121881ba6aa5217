import { fileURLToPath } from 'node:url';
import { assertReadmeShowsFile, relativeLinks } from '@pause/vitest-config/readme';
import { describe, expect, it, vi } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const example = fileURLToPath(new URL('../examples/decide.ts', import.meta.url));

describe('README', () => {
  it('starts with examples/decide.ts, verbatim', () => {
    expect(assertReadmeShowsFile(readme, example)).toBe(0);
  });

  it('the example runs and decides to stop with one Paused=True write', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import('../examples/decide.ts');
      const [action, writes] = log.mock.calls[0] ?? [];
      expect(action).toBe('stop');
      expect(writes).toEqual([
        {
          kind: 'condition',
          change: {
            op: 'set',
            condition: expect.objectContaining({
              type: 'Paused',
              status: 'True',
              reason: 'PausedByLabel',
            }),
          },
        },
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it('has no relative links (they break on the npm registry)', () => {
    expect(relativeLinks(readme)).toEqual([]);
  });
});
