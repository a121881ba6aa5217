import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const pathOf = (file: string) => fileURLToPath(new URL(`../../${file}`, import.meta.url));
const textOf = (file: string) => readFileSync(pathOf(file), 'utf8');

/** The TypeScript code blocks of a Markdown text, in order. */
function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

const QUICK_START = 'examples/quick-start.ts';
const OWN_LOOP = 'examples/own-loop.ts';
const OPERATIONS = 'examples/operations.ts';
const NAMESPACE_PAUSE = 'examples/namespace-pause.ts';

describe('the README examples are the example files', () => {
  const blocks = typescriptBlocks(textOf('README.md'));

  it(`shows ${QUICK_START} as is, as its first example`, () => {
    expect(blocks[0]).toBe(textOf(QUICK_START));
  });

  it('keeps the first example to at most 10 lines and one import line', () => {
    const lines = textOf(QUICK_START).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines.filter((line) => line.startsWith('import ')).length).toBe(1);
  });

  it(`shows ${OWN_LOOP} as is, as its second example`, () => {
    expect(blocks[1]).toBe(textOf(OWN_LOOP));
  });

  it(`shows ${OPERATIONS} as is`, () => {
    expect(blocks).toContain(textOf(OPERATIONS));
  });

  it(`shows ${NAMESPACE_PAUSE} as is`, () => {
    expect(blocks).toContain(textOf(NAMESPACE_PAUSE));
  });

  it('has no relative links (they break on npm)', () => {
    expect(textOf('README.md')).not.toMatch(/\]\((?!https?:|#)/);
  });
});

describe('the example files', () => {
  it('typecheck with the package tsconfig', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(pathOf('tsconfig.json'), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    if (!parsed) throw new Error('tsconfig.json could not be read');
    expect(parsed.fileNames).toEqual(
      expect.arrayContaining([
        pathOf(QUICK_START),
        pathOf(OWN_LOOP),
        pathOf(OPERATIONS),
        pathOf(NAMESPACE_PAUSE),
      ]),
    );
    const program = ts.createProgram({
      rootNames: [
        pathOf(QUICK_START),
        pathOf(OWN_LOOP),
        pathOf(OPERATIONS),
        pathOf(NAMESPACE_PAUSE),
      ],
      options: parsed.options,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file?.fileName ?? '';
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  }, 120_000);
});
