import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's files as a release would see them: what git tracks plus new files not
 * ignored yet (a file being added shows up before its first commit), as they are on disk now.
 * Paths relative to `root`; files deleted on disk are left out. Reads git, changes nothing.
 */
export function repositoryFiles(root: string): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const files = new Set(listed.split('\0').filter(Boolean));
  return [...files].filter((file) => {
    const path = join(root, file);
    return existsSync(path) && !lstatSync(path).isDirectory(); // submodules are directories
  });
}

/**
 * Copies {@link repositoryFiles} of `root` and the built `dist/` of every folder of
 * `builtParents` (e.g. `packages`) to `dest`, which must not exist yet. `root` is only read.
 * Returns how many files were copied.
 */
export function copyWorkspace(root: string, dest: string, builtParents: readonly string[]): number {
  if (existsSync(dest)) throw new Error(`${dest} exists already`);
  mkdirSync(dest, { recursive: true });
  const files = repositoryFiles(root);
  for (const file of files) {
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(join(root, file), join(dest, file), {
      preserveTimestamps: true,
      verbatimSymlinks: true,
    });
  }
  let copied = files.length;
  for (const parent of builtParents) {
    if (!existsSync(join(root, parent))) continue;
    for (const name of readdirSync(join(root, parent))) {
      const dist = join(parent, name, 'dist');
      if (!existsSync(join(root, dist))) continue;
      cpSync(join(root, dist), join(dest, dist), { recursive: true, preserveTimestamps: true });
      copied += readdirSync(join(dest, dist), { recursive: true }).length;
    }
  }
  return copied;
}
