import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';

/** How a child process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (e.g. ENOENT). */
  error?: Error;
}

/** A long-running server process whose stdout and stderr go to a log file. */
export interface ManagedProcess {
  /** Short name used in messages (`etcd`, `kube-apiserver`). */
  readonly name: string;
  /** Operating-system process id (0 if the spawn failed). */
  readonly pid: number;
  /** File receiving the process's stdout and stderr. */
  readonly logPath: string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<ExitInfo>;
  /** Whether the process has already exited. */
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves after the process has exited. */
  stop(timeoutMs?: number): Promise<void>;
}

const liveChildren = new Set<ChildProcess>();
const liveTempDirs = new Set<string>();
let exitHookInstalled = false;

/**
 * Best effort for a parent that exits without calling `stop()`: on `process.exit`,
 * SIGKILL every child still running and remove registered temp dirs (synchronously).
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of liveTempDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

/** Removes `dir` when the parent process exits, unless {@link forgetTempDir} is called first. */
export function trackTempDir(dir: string): void {
  installExitHook();
  liveTempDirs.add(dir);
}

/** Stops tracking a temp dir (after it was removed normally). */
export function forgetTempDir(dir: string): void {
  liveTempDirs.delete(dir);
}

/** Spawns `command` with output appended to `logPath`; the child is killed if the parent exits. */
export function spawnServer(
  name: string,
  command: string,
  args: readonly string[],
  logPath: string,
): ManagedProcess {
  installExitHook();
  const fd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ['ignore', fd, fd], detached: false });
  } finally {
    closeSync(fd);
  }
  liveChildren.add(child);
  let done = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('error', (error) => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) return;
      done = true;
      liveChildren.delete(child);
      resolve({ code: null, signal: null, error });
    });
    child.once('exit', (code, signal) => {
      done = true;
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });

  async function stop(timeoutMs = 10_000): Promise<void> {
    if (done) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut && !done) child.kill('SIGKILL');
    await exited;
  }

  return {
    name,
    pid: child.pid ?? 0,
    logPath,
    exited,
    hasExited: () => done,
    stop,
  };
}

/** The last `lines` lines of a log file ('' if it cannot be read). */
export function logTail(logPath: string, lines = 40): string {
  try {
    const text = readFileSync(logPath, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Describes an exit for error messages: `exit code 1` / `signal SIGKILL` / the spawn error. */
export function describeExit(info: ExitInfo): string {
  if (info.error) return `could not start: ${info.error.message}`;
  if (info.signal) return `killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}

/**
 * Sends `signal` to process `pid` (e.g. a server's `ManagedProcess.pid`); `false` if there is no
 * such process any more.
 */
export function killByPid(pid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
