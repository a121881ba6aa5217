import { readFileSync } from 'node:fs';

/** The bodies of the ```ts / ```typescript blocks of a Markdown file, in order. */
export function typescriptBlocks(markdownPath: string): string[] {
  const text = readFileSync(markdownPath, 'utf8');
  return [...text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/**
 * Throws unless a TypeScript block of `markdownPath` is exactly the text of `filePath` (the
 * README shows a real, tested file, never a copy that drifts). Returns the block's index.
 */
export function assertReadmeShowsFile(markdownPath: string, filePath: string): number {
  const file = readFileSync(filePath, 'utf8');
  const index = typescriptBlocks(markdownPath).indexOf(file);
  if (index === -1) {
    throw new Error(
      `${markdownPath} has no \`\`\`ts block equal to ${filePath}; paste the file's text into the README (or fix the file)`,
    );
  }
  return index;
}

/**
 * Links of a Markdown file (outside code blocks) that are relative paths: they resolve on
 * GitHub but break on the npm registry's page of the package.
 */
export function relativeLinks(markdownPath: string): string[] {
  const prose = readFileSync(markdownPath, 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^(https?:|mailto:|#)/.test(target));
}
