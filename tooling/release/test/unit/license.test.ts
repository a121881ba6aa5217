/**
 * The licence: Apache-2.0, its full text at the root and in every published package, and in
 * each package's tarball (npm always packs LICENSE and README.md, whatever `files` says).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  childEnv,
  type PackageJson,
  publishedWorkspaces,
  readJson,
  repoRoot,
  workspaces,
} from './workspace.ts';

const rootLicense = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');

interface PackResult {
  name: string;
  files: { path: string }[];
}

describe('LICENSE', () => {
  it('is the Apache License 2.0 text as apache.org serves it (less its leading blank line)', () => {
    expect(rootLicense.startsWith('                                 Apache License\n')).toBe(true);
    expect(rootLicense).toContain('Version 2.0, January 2004');
    expect(rootLicense).toContain('END OF TERMS AND CONDITIONS');
    expect(rootLicense).not.toContain('\r');
    // sha256 of https://www.apache.org/licenses/LICENSE-2.0.txt
    const canonical = createHash('sha256').update(`\n${rootLicense}`).digest('hex');
    expect(canonical).toBe('cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30');
  });

  it('every package.json says Apache-2.0 (the root, published and private workspaces)', () => {
    const manifests = [
      { dir: '.', pkg: readJson<PackageJson>(join(repoRoot, 'package.json')) },
      ...workspaces(),
    ];
    for (const { dir, pkg } of manifests) expect(pkg.license, dir).toBe('Apache-2.0');
  });

  describe.each(publishedWorkspaces().map((w) => [w.pkg.name, w.dir] as const))(
    '%s',
    (_name, dir) => {
      it('has a LICENSE equal to the root one', () => {
        expect(readFileSync(join(repoRoot, dir, 'LICENSE'), 'utf8')).toBe(rootLicense);
      });

      it('packs LICENSE and README.md (npm pack --dry-run --json)', () => {
        const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
          cwd: join(repoRoot, dir),
          encoding: 'utf8',
          env: childEnv({ npm_config_loglevel: 'error' }),
        });
        expect(pack.status, pack.stderr).toBe(0);
        const [result] = JSON.parse(pack.stdout) as PackResult[];
        const paths = result?.files.map((file) => file.path) ?? [];
        expect(paths).toContain('LICENSE');
        expect(paths).toContain('README.md');
        expect(paths).toContain('package.json');
      });
    },
  );
});
