/**
 * The GitHub Actions workflows: each one passes action-validator (the workflow schema, exit 0
 * and nothing printed; a broken workflow exits 1 with its errors as JSON on stderr), and the
 * release workflow does what "How to release" in README.md says.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type PackageJson, readJson, repoRoot } from './workspace.ts';

const workflowsDir = join(repoRoot, '.github', 'workflows');
const validatorBin = join(repoRoot, 'node_modules', '.bin', 'action-validator');

function validate(file: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [validatorBin, file], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const workflowFiles = readdirSync(workflowsDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();

const text = (file: string) => readFileSync(join(workflowsDir, file), 'utf8');

describe('action-validator', () => {
  it('finds the two workflows', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(workflowFiles)('accepts .github/workflows/%s', (file) => {
    const result = validate(join(workflowsDir, file));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  describe('rejects a broken workflow (so that its exit 0 means something)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pause-workflows-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      [
        'a job without runs-on',
        'on: push\njobs:\n  test:\n    steps:\n      - run: npm test\n',
        '/jobs/test',
      ],
      [
        'a misspelt key',
        'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: npm test\n',
        'stepz',
      ],
      ['invalid YAML', 'on: [push\njobs: {}\n', 'parse_error'],
    ])('%s', (_what, yaml, expected) => {
      const file = join(dir, 'broken.yml');
      writeFileSync(file, `name: broken\n${yaml}`);
      const result = validate(file);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(expected);
      expect(JSON.parse(result.stderr).errors.length).toBeGreaterThan(0);
    });

    it('a file that does not exist', () => {
      const result = validate(join(dir, 'missing.yml'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('File not found');
    });
  });
});

describe('release.yml', () => {
  const release = text('release.yml');

  it('runs on pushes to main, once at a time', () => {
    expect(release).toMatch(/^on:\n {2}push:\n {4}branches:\n {6}- main\n/m);
    expect(release).toMatch(/^concurrency: /m);
  });

  it('runs the tests (ci.yml, bash .ci/run) before the release job', () => {
    expect(release).toContain('uses: ./.github/workflows/ci.yml');
    expect(release).toContain('needs: test');
    expect(text('ci.yml')).toContain('run: bash .ci/run');
  });

  it('opens the version pull request and publishes with changesets/action and npm provenance', () => {
    expect(release).toContain('uses: changesets/action@v1');
    expect(release).toContain('version: npx changeset version');
    expect(release).toContain('publish: npm run release');
    expect(release).toContain('NPM_CONFIG_PROVENANCE: true');
    for (const secret of ['NPM_TOKEN', 'GITHUB_TOKEN']) {
      expect(release).toContain(`${secret}: $\{{ secrets.${secret} }}`);
    }
    for (const permission of ['contents: write', 'pull-requests: write', 'id-token: write']) {
      expect(release).toContain(permission);
    }
  });

  it('`npm run release` builds and runs changeset publish', () => {
    const root = readJson<PackageJson & { scripts: Record<string, string> }>(
      join(repoRoot, 'package.json'),
    );
    expect(root.scripts.release).toMatch(/build.*&& changeset publish$/);
    expect(root.scripts.changeset).toBe('changeset');
  });
});

describe('ci.yml', () => {
  const ci = text('ci.yml');

  it('runs the tests on pull requests and when release.yml calls it', () => {
    expect(ci).toMatch(/^on:\n {2}pull_request:\n {2}workflow_call:\n/m);
  });

  it('runs .ci/run as it expects: Debian 12, as root (a container on the hosted runner)', () => {
    expect(ci).toContain('container: debian:12');
    expect(ci).toContain('runs-on: ubuntu-latest');
  });
});
