import { type KubectlPauseIO, runKubectlPause } from '../../src/index.ts';

/** What one run of the CLI gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `kubectl pause …` in-process with captured, non-TTY output. */
export async function kubectlPause(
  argv: readonly string[],
  io: Omit<KubectlPauseIO, 'stdout' | 'stderr'> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const t0 = performance.now();
  const code = await runKubectlPause(argv, {
    env: { USER: 'alice' },
    pollIntervalMs: 200,
    ...io,
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  });
  return { code, stdout, stderr, ms: performance.now() - t0 };
}
