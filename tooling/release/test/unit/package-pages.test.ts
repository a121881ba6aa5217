/**
 * What the registry shows of each published package: the repository, homepage and issue links
 * of its package.json, and a README whose links work there (a relative link resolves on GitHub
 * but not on the package's registry page).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { relativeLinks } from '@pause/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import { publishedWorkspaces, repoRoot, repositoryUrl } from './workspace.ts';

/** Reference definitions (`[x]: target`) and HTML `href`/`src` that are relative paths. */
function otherRelativeTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  const targets = [
    ...[...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)/gm)].map((m) => m[1] ?? ''),
    ...[...prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1] ?? ''),
  ];
  return targets.filter((target) => !/^(https?:|mailto:|#)/.test(target));
}

describe.each(publishedWorkspaces().map((w) => [w.pkg.name, w] as const))(
  '%s',
  (_name, { dir, pkg }) => {
    it('links the repository folder, its README as homepage and the issue tracker', () => {
      expect(pkg.repository).toEqual({
        type: 'git',
        url: `git+${repositoryUrl}.git`,
        directory: dir,
      });
      expect(pkg.homepage).toBe(`${repositoryUrl}/tree/main/${dir}#readme`);
      expect(pkg.bugs).toBe(`${repositoryUrl}/issues`);
    });

    it('has a README.md without relative links', () => {
      const readme = join(repoRoot, dir, 'README.md');
      expect(relativeLinks(readme)).toEqual([]);
      expect(otherRelativeTargets(readFileSync(readme, 'utf8'))).toEqual([]);
      expect(readFileSync(readme, 'utf8').startsWith(`# ${pkg.name}\n`)).toBe(true);
    });
  },
);

describe('the relative-link checks', () => {
  it('find reference definitions and HTML links, not absolute URLs or code', () => {
    const text = [
      '[a]: ../core/README.md',
      '[b]: https://www.npmjs.com/package/@pause/core',
      '<a href="./docs/x.md">x</a> <img src="logo.png"> <a href="#usage">u</a>',
      '```md',
      '[c]: ./in-code.md',
      '```',
    ].join('\n');
    expect(otherRelativeTargets(text)).toEqual(['../core/README.md', './docs/x.md', 'logo.png']);
  });
});
