import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is tooling/release/test/unit/workspace.ts). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The packages published at the first release (0.1.0), in one fixed changesets group. A package
 * added later is published when it is not private; the tests read the list from the workspaces.
 */
export const firstReleaseNames = [
  '@pause/core',
  '@pause/http',
  '@pause/client-node',
  '@pause/fluent',
  '@pause/testing',
] as const;

/** Where the project's public repository lives; package.json fields name it, nothing else. */
export const repositoryUrl = 'https://github.com/pause-dev/pause';

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: unknown;
  homepage?: string;
  bugs?: unknown;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export const dependencyFields = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

export interface Workspace {
  /** Folder relative to the root, e.g. `packages/core`. */
  dir: string;
  pkg: PackageJson;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The workspaces of the root package.json under `root` (only `folder/*` patterns are used). */
export function workspaces(root: string = repoRoot): Workspace[] {
  const patterns = readJson<PackageJson>(join(root, 'package.json')).workspaces ?? [];
  const found: Workspace[] = [];
  for (const pattern of patterns) {
    if (!pattern.endsWith('/*') || pattern.slice(0, -2).includes('*')) {
      throw new Error(`workspace pattern ${pattern} is not of the form folder/*`);
    }
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) continue;
    for (const name of readdirSync(join(root, parent)).sort()) {
      const manifest = join(root, parent, name, 'package.json');
      if (existsSync(manifest)) found.push({ dir: `${parent}/${name}`, pkg: readJson(manifest) });
    }
  }
  return found;
}

/** The published (not private) workspaces under `root`. */
export function publishedWorkspaces(root: string = repoRoot): Workspace[] {
  return workspaces(root).filter((w) => w.pkg.private !== true);
}

/** This process's environment without the `npm_*` variables of the `npm run` that started it. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  }
  return { ...env, ...extra };
}
