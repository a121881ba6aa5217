import { spawn } from 'node:child_process';

/** How to run a {@link runCommand}. */
export interface CommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Killed (with its process group) after this long. */
  timeoutMs: number;
  /** Resolve instead of throwing when the command exits non-zero. */
  allowFailure?: boolean;
}

/** What a command did: its exit, its output (kept, never printed), how long it took. */
export interface CommandResult {
  /** `command args…`, for messages. */
  readonly line: string;
  readonly cwd: string;
  /** Exit code; `null` when killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly timedOut: boolean;
}

/** A command that failed, with its output in the message (tests print it only then). */
export class CommandError extends Error {
  readonly result: CommandResult;

  constructor(result: CommandResult) {
    super(describeResult(result));
    this.name = 'CommandError';
    this.result = result;
  }
}

/** `line` in `cwd`: exit, duration and the tail of its stdout and stderr. */
export function describeResult(result: CommandResult, tailLines = 60): string {
  const tail = (text: string) => text.trimEnd().split('\n').slice(-tailLines).join('\n');
  const how = result.timedOut ? `timed out after ${result.ms} ms` : `exit ${result.code}`;
  return [
    `${result.line} (in ${result.cwd}): ${how}, ${(result.ms / 1000).toFixed(1)} s`,
    `--- stdout (last ${tailLines} lines)`,
    tail(result.stdout),
    `--- stderr (last ${tailLines} lines)`,
    tail(result.stderr),
  ].join('\n');
}

/** Process groups of commands still running, killed if this process exits first. */
const running = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of running) killGroup(pid);
  });
}

/**
 * Runs `command` with its output captured (stdin closed). The child leads its own process group,
 * so a timeout ends it and everything it started (npm's and tsc's children), by that group's id.
 * Throws a {@link CommandError} when it fails, unless `allowFailure`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const started = performance.now();
  const line = [command, ...args].join(' ');
  installExitHook();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const group = child.pid;
    if (group !== undefined) running.add(group);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (group !== undefined) killGroup(group);
    }, options.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      if (group !== undefined) running.delete(group);
    };
    child.once('error', (error) => {
      done();
      reject(new Error(`${line} (in ${options.cwd}) could not start: ${error.message}`));
    });
    child.once('close', (code) => {
      done();
      const result: CommandResult = {
        line,
        cwd: options.cwd,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: Math.round(performance.now() - started),
        timedOut,
      };
      if ((code === 0 && !timedOut) || options.allowFailure) resolve(result);
      else reject(new CommandError(result));
    });
  });
}
