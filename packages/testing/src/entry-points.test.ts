import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));

/** Every module specifier `file` imports at runtime (type-only imports excluded). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    if (match[2] === undefined) specifiers.push(match[3] as string);
  }
  return specifiers;
}

/** Every package the module graph under `entry` loads at runtime. */
function packagesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

describe('entry points', () => {
  it('@pause/testing (the fake) never loads vitest', () => {
    const loaded = packagesLoadedBy(resolve(srcDir, 'index.ts'));
    expect([...loaded].sort()).toEqual(['@pause/core', '@pause/core/adapter', 'fast-json-patch']);
  });

  it('@pause/testing/conformance loads vitest (its peer dependency)', () => {
    expect(packagesLoadedBy(resolve(srcDir, 'conformance/index.ts')).has('vitest')).toBe(true);
  });
});
