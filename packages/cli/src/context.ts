import type { MetadataWrite } from '@pause/core';
import { SingleBar } from 'cli-progress';
import type { createColors } from 'picocolors';
import type { Invocation } from './args.ts';

/** A stream the CLI writes to: `process.stdout`, or a test's buffer. */
export interface OutputStream {
  /** Writes `text` as is. */
  write(text: string): unknown;
  /** A terminal: progress bars and colours. */
  isTTY?: boolean | undefined;
}

/** What one run of a command works with: the invocation, the streams, the clock. */
export interface Context {
  invocation: Invocation;
  out: OutputStream;
  err: OutputStream;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Milliseconds between two checks of `--wait`. */
  pollMs: number;
  colors: ReturnType<typeof createColors>;
}

/** Progress: a bar on a terminal, a line per object otherwise. */
export interface Progress {
  line(text: string): void;
  tick(): void;
  stop(): void;
}

/**
 * A progress bar titled `title` over `total` items on a terminal (lines are held and printed
 * after it only with `keepLines`, for a dry run), else one line per item on stdout.
 */
export function progress(ctx: Context, total: number, title: string, keepLines = false): Progress {
  const stream = ctx.err;
  if (!stream.isTTY || total < 2) {
    return { line: (text) => ctx.out.write(`${text}\n`), tick: () => {}, stop: () => {} };
  }
  const held: string[] = [];
  const bar = new SingleBar({
    format: `${title} [{bar}] {value}/{total}`,
    stream: stream as NodeJS.WriteStream,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return {
    // On a terminal the bar shows the progress; the lines matter only for a dry run.
    line: (text) => {
      if (keepLines) held.push(text);
    },
    tick: () => bar.increment(),
    stop: () => {
      bar.stop();
      for (const text of held) ctx.out.write(`${text}\n`);
    },
  };
}

/** `key="value" -removed`: what a write sets and removes, for a dry run. */
export function describeWrite(write: MetadataWrite): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries({ ...write.labels, ...write.annotations })) {
    parts.push(value === null ? `-${key}` : `${key}=${JSON.stringify(value)}`);
  }
  return parts.join(' ');
}

/** Resolves after `ms` milliseconds (between two checks of `--wait`). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
