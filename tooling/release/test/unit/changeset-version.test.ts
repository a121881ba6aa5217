/**
 * `changeset version`, run as the release workflow runs it, on a copy of the repository: the
 * versions, dependency ranges and changelogs it writes are those of the release it prepares.
 * Before the first release, that release is 0.1.0: the published packages wait at 0.0.0 and the
 * pending changeset bumps them `minor`.
 */
import { execFileSync, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childEnv,
  dependencyFields,
  firstReleaseNames,
  publishedWorkspaces,
  readJson,
  repoRoot,
  type Workspace,
  workspaces,
} from './workspace.ts';

type Bump = 'patch' | 'minor' | 'major';
const bumpOrder: Bump[] = ['patch', 'minor', 'major'];

interface Changeset {
  file: string;
  releases: Map<string, Bump>;
  summary: string;
}

/** The changesets waiting in `.changeset/` of `root` (every `.md` file but the README). */
function pendingChangesets(root: string): Changeset[] {
  const dir = join(root, '.changeset');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`.changeset/${file} has no front matter`);
      const releases = new Map<string, Bump>();
      for (const line of (match[1] ?? '').split('\n')) {
        const release = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
        if (release) releases.set(release[1] ?? '', release[2] as Bump);
        else if (line.trim() !== '') throw new Error(`.changeset/${file}: cannot read "${line}"`);
      }
      return { file, releases, summary: (match[2] ?? '').trim() };
    });
}

function bumpVersion(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Whitespace-insensitive text (changesets indents and may re-wrap a summary). */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The `## <version>` section of a changelog, up to the next `## ` heading. */
function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split('\n');
  const start = lines.indexOf(`## ${version}`);
  if (start === -1) return undefined;
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** Copies the files git knows of (tracked, plus new files not ignored) from the work tree. */
function copyRepository(to: string): number {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  let copied = 0;
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    const from = join(repoRoot, file);
    if (!existsSync(from) && !lstatSync(from, { throwIfNoEntry: false })) continue; // deleted
    const stat = lstatSync(from);
    const target = join(to, file);
    mkdirSync(dirname(target), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), target);
    else if (stat.isFile()) copyFileSync(from, target);
    else continue;
    copied += 1;
  }
  return copied;
}

const changesetBin = join(repoRoot, 'node_modules', '.bin', 'changeset');

describe('changeset version on a copy of the repository', () => {
  let copy = '';
  const before = workspaces();
  const pending = pendingChangesets(repoRoot);
  let run: SpawnSyncReturns<string>;
  let after: Workspace[];

  const published = publishedWorkspaces();
  const publishedNames = published.map((w) => w.pkg.name);
  const currentVersion = published[0]?.pkg.version ?? '';
  const bumps = pending.flatMap((changeset) =>
    [...changeset.releases].filter(([name]) => publishedNames.includes(name)),
  );
  const highest = bumps
    .map(([, bump]) => bump)
    .sort((a, b) => bumpOrder.indexOf(b) - bumpOrder.indexOf(a))[0];
  const nextVersion = highest ? bumpVersion(currentVersion, highest) : currentVersion;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'pause-changeset-version-'));
    expect(copyRepository(copy)).toBeGreaterThan(50);
    run = spawnSync(process.execPath, [changesetBin, 'version'], {
      cwd: copy,
      encoding: 'utf8',
      env: childEnv({ CI: 'true' }),
    });
    after = workspaces(copy);
  }, 60_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  const afterPackage = (dir: string): Workspace => {
    const found = after.find((w) => w.dir === dir);
    if (!found) throw new Error(`${dir} is missing after changeset version`);
    return found;
  };

  it('the published packages are the fixed group of .changeset/config.json, at one version', () => {
    expect(publishedNames).toEqual(expect.arrayContaining([...firstReleaseNames]));
    const config = readJson<{ fixed: string[][] }>(join(repoRoot, '.changeset', 'config.json'));
    expect(config.fixed.map((group) => [...group].sort())).toEqual([[...publishedNames].sort()]);
    expect(new Set(published.map((w) => w.pkg.version))).toEqual(new Set([currentVersion]));
  });

  it('before the first release they wait at 0.0.0, and the pending changesets make exactly 0.1.0', () => {
    if (currentVersion === '0.0.0') {
      expect(nextVersion).toBe('0.1.0');
      const initial = pending.find((c) => c.file === 'initial-release.md');
      expect(initial, '.changeset/initial-release.md').toBeDefined();
      for (const name of publishedNames) expect(initial?.releases.get(name), name).toBe('minor');
    }
  });

  it('a version other than 0.0.0 is one `changeset version` wrote (CHANGELOG.md records it)', () => {
    if (currentVersion === '0.0.0') return;
    // After the first release: never below it, and no version set by hand.
    const [major = 0, minor = 0] = currentVersion.split('.').map(Number);
    expect(major > 0 || minor >= 1, `version ${currentVersion}`).toBe(true);
    for (const w of published) {
      const path = join(repoRoot, w.dir, 'CHANGELOG.md');
      const changelog = existsSync(path) ? readFileSync(path, 'utf8') : '';
      expect(changelogSection(changelog, currentVersion), `${w.dir}/CHANGELOG.md`).toBeDefined();
    }
  });

  it('every internal dependency range in the repository is the current version exactly, or `*`', () => {
    const ranges = before.flatMap((w) =>
      dependencyFields.flatMap((field) =>
        Object.entries(w.pkg[field] ?? {})
          .filter(([name]) => publishedNames.includes(name))
          .map(([name, range]) => ({ at: `${w.dir} ${field} ${name}`, range })),
      ),
    );
    expect(ranges.length).toBeGreaterThan(10);
    for (const { at, range } of ranges) expect(['*', currentVersion], at).toContain(range);
  });

  it('exits 0', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  it(`sets every published package to the next version (0.1.0 for the first release)`, () => {
    for (const w of published) {
      expect(afterPackage(w.dir).pkg.version, w.pkg.name).toBe(nextVersion);
    }
  });

  it('points every internal dependency range, in published and private packages, at it (a `*` stays `*`)', () => {
    let checked = 0;
    for (const w of before) {
      const now = afterPackage(w.dir).pkg;
      for (const field of dependencyFields) {
        for (const [name, range] of Object.entries(w.pkg[field] ?? {})) {
          if (!publishedNames.includes(name)) continue;
          const at = `${w.dir} ${field} ${name}`;
          expect(now[field]?.[name], at).toBe(range === '*' ? '*' : nextVersion);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    // The demo pins exact versions like a user's app: it follows the release.
    expect(afterPackage('apps/demo-operator').pkg.dependencies?.['@pause/core']).toBe(nextVersion);
  });

  it('writes each published package a CHANGELOG.md whose section of the version carries the changesets', () => {
    for (const w of published) {
      const path = join(copy, w.dir, 'CHANGELOG.md');
      if (nextVersion === currentVersion) continue; // nothing pending: nothing to write
      expect(existsSync(path), `${w.dir}/CHANGELOG.md`).toBe(true);
      const changelog = readFileSync(path, 'utf8');
      expect(changelog.startsWith(`# ${w.pkg.name}\n`)).toBe(true);
      const section = changelogSection(changelog, nextVersion);
      expect(section, `${w.dir}/CHANGELOG.md has no "## ${nextVersion}"`).toBeDefined();
      for (const changeset of pending.filter((c) => c.releases.has(w.pkg.name))) {
        expect(flat(section ?? ''), `${w.dir}: ${changeset.file}`).toContain(
          flat(changeset.summary),
        );
      }
    }
    if (currentVersion === '0.0.0') {
      const core = readFileSync(join(copy, 'packages/core/CHANGELOG.md'), 'utf8');
      expect(flat(changelogSection(core, '0.1.0') ?? '')).toContain('First release (0.1.0');
    }
  });

  it('leaves the versions of private packages alone and writes them no changelog', () => {
    const privates = before.filter((w) => w.pkg.private === true);
    expect(privates.map((w) => w.dir)).toContain('apps/demo-operator');
    for (const w of privates) {
      expect(afterPackage(w.dir).pkg.version, w.dir).toBe(w.pkg.version);
      const hadChangelog = existsSync(join(repoRoot, w.dir, 'CHANGELOG.md'));
      expect(existsSync(join(copy, w.dir, 'CHANGELOG.md')), w.dir).toBe(hadChangelog);
    }
  });

  it('consumes the pending changesets', () => {
    expect(pendingChangesets(copy)).toEqual([]);
    expect(existsSync(join(copy, '.changeset', 'initial-release.md'))).toBe(false);
    expect(existsSync(join(copy, '.changeset', 'config.json'))).toBe(true);
  });

  it('leaves a package-lock.json that `npm ci` still installs from (the version PR passes CI)', () => {
    const ci = spawnSync(
      'npm',
      ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
      {
        cwd: copy,
        encoding: 'utf8',
        env: childEnv({ npm_config_loglevel: 'error' }),
      },
    );
    expect(ci.status, ci.stderr.split('\nnpm error Clean install')[0]).toBe(0);
  });
});
