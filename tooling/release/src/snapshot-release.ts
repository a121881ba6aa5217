import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandResult, runCommand } from './command.ts';

/** A package of the release: its manifest after `changeset version`. */
export interface ReleasedPackage {
  name: string;
  version: string;
  /** Folder relative to the repository copy, e.g. `packages/core`. */
  dir: string;
  manifest: PackageManifest;
}

/** The fields of a package.json the checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
  workspaces?: string[];
}

/** Options of {@link snapshotRelease}. */
export interface SnapshotReleaseOptions {
  /** A copy of the repository (it is changed: versions, changelogs, consumed changesets). */
  copyDir: string;
  /** The `changeset` executable script (`node_modules/@changesets/cli/bin.js`). */
  changesetBin: string;
  /** Snapshot name and npm dist-tag, e.g. `installtest`. */
  tag: string;
  /** Environment with npm pointed at the registry to publish to (see `npmEnv`). */
  env: NodeJS.ProcessEnv;
}

/** What {@link snapshotRelease} did. */
export interface SnapshotRelease {
  /** The public workspaces of the copy, as versioned. */
  packages: ReleasedPackage[];
  version: CommandResult;
  publish: CommandResult;
}

function readManifest(path: string): PackageManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as PackageManifest;
}

/** The public (not private) workspaces of `root` (`folder/*` workspace patterns). */
export function publicWorkspaces(root: string): ReleasedPackage[] {
  const found: ReleasedPackage[] = [];
  for (const pattern of readManifest(join(root, 'package.json')).workspaces ?? []) {
    if (!pattern.endsWith('/*')) throw new Error(`workspace pattern ${pattern} is not folder/*`);
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) continue;
    for (const name of readdirSync(join(root, parent)).sort()) {
      const path = join(root, parent, name, 'package.json');
      if (!existsSync(path)) continue;
      const manifest = readManifest(path);
      if (manifest.private === true) continue;
      found.push({
        name: manifest.name,
        version: manifest.version,
        dir: `${parent}/${name}`,
        manifest,
      });
    }
  }
  return found;
}

/**
 * A throw-away prerelease with the tooling of a real release, in a copy of the repository:
 * `changeset version --snapshot <tag>` (versions `0.0.0-<tag>-<datetime>`, internal dependencies
 * pinned to them), then `changeset publish --tag <tag>` (npm publish of every public package
 * whose version the registry lacks). `--no-git-tag`: the copy is not a git repository, and a
 * snapshot is never tagged.
 */
export async function snapshotRelease(options: SnapshotReleaseOptions): Promise<SnapshotRelease> {
  const { copyDir: cwd, changesetBin, tag, env } = options;
  const changeset = (args: string[], timeoutMs: number) =>
    runCommand(process.execPath, [changesetBin, ...args], { cwd, env, timeoutMs });
  const version = await changeset(['version', '--snapshot', tag], 60_000);
  const publish = await changeset(['publish', '--tag', tag, '--no-git-tag'], 180_000);
  return { packages: publicWorkspaces(cwd), version, publish };
}
