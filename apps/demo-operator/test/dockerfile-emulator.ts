/**
 * Runs a Dockerfile's steps without a container engine, for a test of the image's build: the
 * instructions are parsed, each stage gets its own directory standing in for its file system
 * (its WORKDIR mapped inside it), COPY copies from the build context (the repository's files
 * minus `.dockerignore`) or from an earlier stage, RUN runs `sh -c` in the mapped WORKDIR with
 * this machine's tools (the base image's `node` and `npm` are the ones on PATH). Only what the
 * demo's Dockerfile uses is supported; anything else throws, so the emulation never silently
 * skips a step.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';

/** One instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  /** Text after the keyword. */
  args: string;
  /** Line of the instruction in the Dockerfile (1-based). */
  line: number;
}

/** One `FROM … [AS name]` stage and its instructions. */
export interface Stage {
  index: number;
  name: string | undefined;
  image: string;
  instructions: Instruction[];
}

/** A parsed Dockerfile. */
export interface ParsedDockerfile {
  /** `ARG`s before the first `FROM`, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Parses the instructions of a Dockerfile (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): ParsedDockerfile {
  const instructions: Instruction[] = [];
  let pending: Instruction | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (/^\s*#/.test(line)) return; // comments, also inside continuations
    if (pending === undefined) {
      if (line.trim() === '') return;
      const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(line);
      if (!match) throw new Error(`Dockerfile line ${i + 1}: cannot parse "${line}"`);
      pending = { keyword: (match[1] as string).toUpperCase(), args: match[2] ?? '', line: i + 1 };
    } else {
      pending.args += ` ${line.trim()}`;
    }
    if (pending.args.endsWith('\\')) {
      pending.args = pending.args.slice(0, -1).trimEnd();
    } else {
      instructions.push(pending);
      pending = undefined;
    }
  });
  if (pending) instructions.push(pending);

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`Dockerfile line ${instruction.line}: bad FROM`);
      stages.push({
        index: stages.length,
        name: match[2],
        image: substitute(match[1] as string, globalArgs),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') {
        throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} before FROM`);
      }
      const [name, value = ''] = instruction.args.split('=', 2) as [string, string?];
      globalArgs[name.trim()] = value.trim();
    } else {
      (stages.at(-1) as Stage).instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => vars[a ?? b] ?? '');
}

/** `["a", "b"]` (exec form) or a shell command (shell form, run with `/bin/sh -c`). */
export function commandOf(args: string): string[] {
  const text = args.trim();
  if (text.startsWith('[')) return JSON.parse(text) as string[];
  return ['/bin/sh', '-c', text];
}

/** The image's configuration after the last stage: what `docker inspect` would show. */
export interface ImageConfig {
  user: string | undefined;
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
}

/** The final image's configuration (USER, WORKDIR, ENV, ENTRYPOINT, CMD of the last stage). */
export function imageConfig(dockerfile: ParsedDockerfile): ImageConfig {
  const last = dockerfile.stages.at(-1);
  if (!last) throw new Error('Dockerfile has no FROM');
  const config: ImageConfig = { user: undefined, workdir: '/', env: {}, entrypoint: [], cmd: [] };
  for (const { keyword, args } of last.instructions) {
    if (keyword === 'USER') config.user = args.trim();
    if (keyword === 'WORKDIR') config.workdir = posix.resolve(config.workdir, args.trim());
    if (keyword === 'ENV') Object.assign(config.env, parseEnv(args));
    if (keyword === 'ENTRYPOINT') config.entrypoint = commandOf(args);
    if (keyword === 'CMD') config.cmd = commandOf(args);
  }
  return config;
}

function parseEnv(args: string): Record<string, string> {
  const text = args.trim();
  if (!text.includes('=')) {
    const [name, ...rest] = text.split(/\s+/);
    return { [name as string]: rest.join(' ') };
  }
  const env: Record<string, string> = {};
  for (const pair of text.match(/(\w+)=("[^"]*"|\S+)/g) ?? []) {
    const [name, value] = pair.split(/=(.*)/s, 2) as [string, string];
    env[name] = value.replace(/^"(.*)"$/, '$1');
  }
  return env;
}

/** `.dockerignore` patterns as predicates (Docker's rules: a match on a path or one of its parents; `!` re-includes). */
export function dockerignoreFilter(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''));
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) => {
          if (part === '**/') return '(?:.*/)?';
          if (part === '**') return '.*';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { negate, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (path) => {
    let excluded = false;
    for (const rule of rules) if (rule.regex.test(path)) excluded = !rule.negate;
    return !excluded;
  };
}

/**
 * The build context Docker would send: the working tree's files (tracked, and untracked ones
 * not ignored by git, which leaves out node_modules and dist) minus `.dockerignore`.
 */
export function contextFiles(root: string): string[] {
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const ignoreFile = join(root, '.dockerignore');
  const keep = existsSync(ignoreFile)
    ? dockerignoreFilter(readFileSync(ignoreFile, 'utf8'))
    : () => true;
  return [...new Set(listed.stdout.split('\0'))]
    .filter((f) => f !== '' && keep(f))
    .filter((f) => existsSync(join(root, f)) && !lstatSync(join(root, f)).isDirectory())
    .sort();
}

/** Output of one RUN step. */
export interface RunStep {
  stage: string;
  line: number;
  command: string;
  seconds: number;
}

/** Options of {@link buildWithoutEngine}. */
export interface BuildOptions {
  dockerfile: ParsedDockerfile;
  /** The build context (files to copy from, e.g. {@link contextFiles}'s root). */
  contextRoot: string;
  contextFiles: string[];
  /** Empty directory receiving one sub-directory per stage (`stage-<index>`). */
  workRoot: string;
  /** Extra environment of every RUN (e.g. `npm_config_prefer_offline`). */
  env?: Record<string, string>;
  /** Called after each RUN. */
  onStep?: (step: RunStep) => void;
}

/** Where the stages' file systems ended up. */
export interface BuildResult {
  /** Root directory of each stage, by index. */
  stageRoots: string[];
  /** Root directory of the last stage: the image's file system. */
  finalRoot: string;
  steps: RunStep[];
}

/** Runs every stage of the Dockerfile in order, with no container engine. */
export async function buildWithoutEngine(options: BuildOptions): Promise<BuildResult> {
  const { dockerfile, workRoot } = options;
  const stageRoots: string[] = [];
  const steps: RunStep[] = [];
  const contextDir = join(workRoot, 'context');
  for (const file of options.contextFiles) {
    mkdirSync(join(contextDir, posix.dirname(file)), { recursive: true });
    cpSync(join(options.contextRoot, file), join(contextDir, file), { verbatimSymlinks: true });
  }
  const stageIndex = (ref: string) => {
    const found = dockerfile.stages.find((s) => s.name === ref || String(s.index) === ref);
    if (!found || stageRoots[found.index] === undefined) {
      throw new Error(`COPY --from=${ref}: no earlier stage of that name`);
    }
    return found.index;
  };

  for (const stage of dockerfile.stages) {
    const label = stage.name ?? `#${stage.index}`;
    const root = join(workRoot, `stage-${stage.index}`);
    mkdirSync(root, { recursive: true });
    const base = dockerfile.stages.find((s) => s.name === stage.image);
    if (base && stageRoots[base.index]) {
      cpSync(stageRoots[base.index] as string, root, { recursive: true, verbatimSymlinks: true });
    }
    stageRoots[stage.index] = root;
    let workdir = '/';
    const env: Record<string, string> = {};
    const inStage = (path: string) => join(root, posix.resolve(workdir, path));

    for (const instruction of stage.instructions) {
      const where = `Dockerfile line ${instruction.line} (stage ${label})`;
      switch (instruction.keyword) {
        case 'WORKDIR':
          workdir = posix.resolve(workdir, substitute(instruction.args.trim(), env));
          mkdirSync(join(root, workdir), { recursive: true });
          break;
        case 'ENV':
          Object.assign(env, parseEnv(instruction.args));
          break;
        case 'ARG':
        case 'USER':
        case 'EXPOSE':
        case 'ENTRYPOINT':
        case 'CMD':
        case 'LABEL':
          break; // image configuration only: read by imageConfig()
        case 'COPY': {
          const words = instruction.args.trim().split(/\s+/);
          let from: string | undefined;
          while (words[0]?.startsWith('--')) {
            const flag = words.shift() as string;
            if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
            else if (!/^--(chown|chmod|link)=?/.test(flag)) {
              throw new Error(`${where}: COPY flag ${flag} is not emulated`);
            }
          }
          if (words[0]?.startsWith('[')) throw new Error(`${where}: JSON COPY is not emulated`);
          const dest = words.pop();
          if (!dest || words.length === 0)
            throw new Error(`${where}: COPY needs a source and a destination`);
          const sourceRoot = from === undefined ? contextDir : stageRoots[stageIndex(from)];
          const destIsDir = dest.endsWith('/') || words.length > 1 || dest === '.';
          for (const source of words) {
            if (/[*?]/.test(source))
              throw new Error(`${where}: wildcards in COPY are not emulated`);
            const src =
              from === undefined
                ? join(sourceRoot as string, posix.normalize(source))
                : join(sourceRoot as string, posix.resolve('/', source));
            if (!existsSync(src)) {
              throw new Error(
                `${where}: COPY source ${source} does not exist${from ? ` in stage ${from}` : ' in the build context'}`,
              );
            }
            const target = inStage(dest);
            if (statSync(src).isDirectory()) {
              mkdirSync(target, { recursive: true });
              cpSync(src, target, { recursive: true, verbatimSymlinks: true });
            } else {
              const file = destIsDir ? join(target, basename(src)) : target;
              mkdirSync(posix.dirname(file), { recursive: true });
              cpSync(src, file, { verbatimSymlinks: true });
            }
          }
          break;
        }
        case 'RUN': {
          const command = commandOf(instruction.args);
          const started = performance.now();
          // A clean environment, as in a container: no npm_config_* or NODE_ENV of the caller.
          const result = await run(command, join(root, workdir), {
            PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
            HOME: process.env.HOME ?? '/root',
            ...env,
            ...options.env,
          });
          const step: RunStep = {
            stage: label,
            line: instruction.line,
            command: command.join(' '),
            seconds: Math.round((performance.now() - started) / 100) / 10,
          };
          if (result.code !== 0) {
            const tail = result.output.trimEnd().split('\n').slice(-40).join('\n');
            throw new Error(
              `RUN failed in ${where} with exit code ${result.code}:\n  ${instruction.args}\n--- last lines of its output ---\n${tail}`,
            );
          }
          steps.push(step);
          options.onStep?.(step);
          break;
        }
        default:
          throw new Error(`${where}: ${instruction.keyword} is not emulated`);
      }
    }
  }
  return { stageRoots, finalRoot: stageRoots.at(-1) as string, steps };
}

function run(
  command: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, command.slice(1), {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
