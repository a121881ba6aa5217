import { builtinModules } from 'node:module';

/**
 * Module specifiers that are neither relative nor absolute (`undici`, `@pause/core/adapter`,
 * `node:os`) in the `import`/`export … from`, side-effect `import '…'` and `import('…')` of
 * emitted JavaScript or declaration text. A literal string only: what tsc emits, not any code.
 */
export function bareImports(source: string): string[] {
  // Doc comments hold examples (`import … from '@kubernetes/client-node'`): not imports.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) found.add(specifier);
    }
  }
  return [...found].sort();
}

/** The package a bare specifier names: `@scope/name` or `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Whether the specifier is a Node built-in (`node:os`, `fs`). */
export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageNameOf(specifier));
}
