import { bareImports, isBuiltin, packageNameOf } from './imports.ts';

/** Files every published package has. */
export const REQUIRED_FILES = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/index.js',
  'dist/index.d.ts',
] as const;

/** Files that must never be published: tests and benchmarks beside the sources. */
export const FORBIDDEN_FILE = /^src\/(.*\/)?[^/]+\.(test|bench)\.ts$/;

interface PublishedManifest {
  name: string;
  version: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Every file an `exports` map points at (conditions and subpaths flattened). */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

/**
 * What is wrong with a published tarball (`files` by path inside the package), as sentences;
 * empty when nothing is:
 * - a file of {@link REQUIRED_FILES} missing, or a {@link FORBIDDEN_FILE} present;
 * - an `exports` target missing (a wrong export);
 * - a bare import of `dist/` (JavaScript or declarations) that is not the package itself, a Node
 *   built-in, or a dependency / peer / optional dependency (it resolves only where something
 *   else installed it, e.g. hoisted in the monorepo);
 * - a dependency on `internalScope` (e.g. `@pause/`) not pinned to `version`: the fixed group
 *   is released together, and `*` or `workspace:` ranges mean the workspace, not a registry.
 */
export function tarballProblems(
  files: ReadonlyMap<string, Buffer>,
  internalScope: string,
): string[] {
  const problems: string[] = [];
  const manifestFile = files.get('package.json');
  if (!manifestFile) return ['package.json is missing'];
  const manifest = JSON.parse(manifestFile.toString('utf8')) as PublishedManifest;
  for (const file of REQUIRED_FILES) {
    if (!files.has(file)) problems.push(`${file} is missing`);
  }
  for (const file of files.keys()) {
    if (FORBIDDEN_FILE.test(file)) problems.push(`${file} is published`);
  }
  for (const target of exportTargets(manifest.exports)) {
    if (!files.has(target.replace(/^\.\//, '')))
      problems.push(`exports target ${target} is missing`);
  }
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  for (const [file, content] of files) {
    if (!file.startsWith('dist/') || !/\.(js|d\.ts)$/.test(file)) continue;
    for (const specifier of bareImports(content.toString('utf8'))) {
      if (isBuiltin(specifier) || declared.has(packageNameOf(specifier))) continue;
      problems.push(`${file} imports ${specifier}, which is not a dependency or peer dependency`);
    }
  }
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (name.startsWith(internalScope) && range !== manifest.version) {
      problems.push(`dependency ${name}@${range} is not the release version ${manifest.version}`);
    }
  }
  return problems;
}
