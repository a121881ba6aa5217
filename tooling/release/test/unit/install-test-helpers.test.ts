/**
 * The pure helpers of the install test (test/integration/install-from-registry.test.ts): the
 * tarball reader, the import scan, the tarball rules and the tsc output parser.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareImports, isBuiltin, packageNameOf } from '../../src/imports.ts';
import { readTar } from '../../src/tarball.ts';
import { exportTargets, tarballProblems } from '../../src/tarball-problems.ts';
import { concernsUs, parseTscOutput } from '../../src/tsc-diagnostics.ts';

describe('readTar', () => {
  it.each(['ustar', 'pax'])(
    'reads the regular files of a %s archive, long paths included',
    (format) => {
      const dir = mkdtempSync(join(tmpdir(), 'pause-tar-'));
      try {
        const long = `package/dist/${'a'.repeat(60)}/${'b'.repeat(60)}/index.d.ts`;
        mkdirSync(join(dir, long, '..'), { recursive: true });
        writeFileSync(join(dir, 'package.json'), '{}');
        writeFileSync(join(dir, long), 'export {};\n');
        const tar = execFileSync('tar', [
          `--format=${format}`,
          '-cf',
          '-',
          '-C',
          dir,
          'package.json',
          long,
        ]);
        const files = readTar(tar);
        expect([...files.keys()]).toEqual(['package.json', long]);
        expect(files.get(long)?.toString()).toBe('export {};\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('bareImports', () => {
  it('finds static, re-export, side-effect and dynamic imports, not relative ones or examples in comments', () => {
    const source = [
      "import { a } from 'undici';",
      "export { b } from '@pause/core/adapter';",
      "import './side-effect.js';",
      "import 'reflect-metadata';",
      "const c = await import('node:os');",
      "export * from './local.ts';",
      '/** @example',
      " * import { createPauseGate } from '@kubernetes/client-node';",
      ' */',
      "// import x from 'commented-out';",
    ].join('\n');
    expect(bareImports(source)).toEqual([
      '@pause/core/adapter',
      'node:os',
      'reflect-metadata',
      'undici',
    ]);
  });

  it('names the package of a specifier and knows the built-ins', () => {
    expect(packageNameOf('@pause/core/adapter')).toBe('@pause/core');
    expect(packageNameOf('undici/types')).toBe('undici');
    expect(isBuiltin('node:module')).toBe(true);
    expect(isBuiltin('fs/promises')).toBe(true);
    expect(isBuiltin('undici')).toBe(false);
  });
});

describe('tarballProblems', () => {
  const manifest = {
    name: '@pause/x',
    version: '1.0.0-t-1',
    exports: {
      '.': {
        'dev-source': './src/index.ts',
        types: './dist/index.d.ts',
        default: './dist/index.js',
      },
      './sub': { types: './dist/sub.d.ts', default: './dist/sub.js' },
      './package.json': './package.json',
    },
    dependencies: { '@pause/core': '1.0.0-t-1', undici: '^8' },
    peerDependencies: { 'kubernetes-fluent-client': '^3' },
  };
  const good = () =>
    new Map<string, Buffer>([
      ['package.json', Buffer.from(JSON.stringify(manifest))],
      ['README.md', Buffer.from('# x')],
      ['LICENSE', Buffer.from('Apache')],
      ['src/index.ts', Buffer.from('')],
      ['dist/index.js', Buffer.from("import 'undici'; import { x } from '@pause/x/sub';")],
      ['dist/index.d.ts', Buffer.from("import type { K } from 'kubernetes-fluent-client';")],
      ['dist/sub.js', Buffer.from("import { a } from '@pause/core/adapter'; import 'node:os';")],
      ['dist/sub.d.ts', Buffer.from('')],
    ]);

  it('has nothing to say about a complete package', () => {
    expect(exportTargets(manifest.exports)).toHaveLength(6);
    expect(tarballProblems(good(), '@pause/')).toEqual([]);
  });

  it('names missing files, published tests, missing export targets, undeclared imports and unpinned internal dependencies', () => {
    const files = good();
    files.delete('LICENSE');
    files.delete('dist/sub.js');
    files.set('src/deep/thing.test.ts', Buffer.from(''));
    files.set('src/thing.bench.ts', Buffer.from(''));
    files.set('dist/index.js', Buffer.from("import { fs } from 'fast-json-patch';"));
    const loose = { ...manifest, dependencies: { '@pause/core': '*', undici: '^8' } };
    files.set('package.json', Buffer.from(JSON.stringify(loose)));
    expect(tarballProblems(files, '@pause/')).toEqual([
      'LICENSE is missing',
      'src/deep/thing.test.ts is published',
      'src/thing.bench.ts is published',
      'exports target ./dist/sub.js is missing',
      'dist/index.js imports fast-json-patch, which is not a dependency or peer dependency',
      'dependency @pause/core@* is not the release version 1.0.0-t-1',
    ]);
  });
});

describe('parseTscOutput / concernsUs', () => {
  const output = [
    "node_modules/isomorphic-ws/index.d.ts(6,28): error TS7016: Could not find a declaration file for module 'ws'.",
    "  Try `npm i --save-dev @types/ws` if it exists or add a new declaration (.d.ts) file containing `declare module 'ws';`",
    "node_modules/@pause/http/dist/connection.d.ts(1,32): error TS2307: Cannot find module 'undici'.",
    "pause-widget.ts(3,1): error TS2322: Type 'string' is not assignable to type 'number'.",
    "error TS5023: Unknown compiler option 'nope'.",
  ].join('\n');

  it('keeps one diagnostic per error, with its file and code', () => {
    const diagnostics = parseTscOutput(output);
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['node_modules/isomorphic-ws/index.d.ts', 'TS7016'],
      ['node_modules/@pause/http/dist/connection.d.ts', 'TS2307'],
      ['pause-widget.ts', 'TS2322'],
      [undefined, 'TS5023'],
    ]);
  });

  it("counts the project's files, our packages' declarations and global errors as ours, others' declarations as theirs", () => {
    const ours = parseTscOutput(output).map((d) => concernsUs(d, '@pause/'));
    expect(ours).toEqual([false, true, true, true]);
  });
});
