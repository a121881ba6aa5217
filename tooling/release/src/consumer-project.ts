import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CommandResult, runCommand } from './command.ts';
import { parseTscOutput, type TscDiagnostic } from './tsc-diagnostics.ts';

/** Options of {@link createConsumerProject}. */
export interface ConsumerProjectOptions {
  /** An empty folder outside any workspace (nothing above it has a package.json or node_modules). */
  dir: string;
  /** The project's package name. */
  name: string;
  /** npm `overrides` the project needs, if any. */
  overrides?: Record<string, unknown>;
  /** Environment of npm (registry, user config, cache: see `npmEnv`). */
  npmEnv: NodeJS.ProcessEnv;
}

/** A type check of a consumer project. */
export interface TypeCheck {
  result: CommandResult;
  diagnostics: TscDiagnostic[];
}

/** A user's project: its own package.json (`"type": "module"`), installed with npm. */
export interface ConsumerProject {
  readonly dir: string;
  /** `npm install <specs>` (what the user types), saving them to package.json. */
  install(specs: readonly string[], timeoutMs?: number): Promise<CommandResult>;
  /** `npm ls --all`: fails on missing, invalid or extraneous packages. */
  listAll(): Promise<CommandResult>;
  /** The installed package.json of `name` (`node_modules/<name>`), if installed. */
  installedManifest(name: string): { version: string; [key: string]: unknown } | undefined;
  /** Whether `node_modules/<name>` is a link (a workspace or `file:` install) and not a copy. */
  isLinked(name: string): boolean;
  /** Writes files (path relative to the project → text). */
  write(files: Record<string, string>): void;
  /**
   * `tsc -p tsconfig.<configName>.json --strict --noEmit --pretty false` with the project's own
   * TypeScript, `compilerOptions` and `files`; never throws for type errors (they are returned).
   */
  typecheck(
    configName: string,
    compilerOptions: Record<string, unknown>,
    files: readonly string[],
  ): Promise<TypeCheck>;
  /** `node <file> <args…>` with the Node running this process, in the project folder. */
  runNode(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult>;
}

/** Creates the project folder and its package.json. */
export function createConsumerProject(options: ConsumerProjectOptions): ConsumerProject {
  const { dir, npmEnv } = options;
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: options.name,
    version: '1.0.0',
    private: true,
    type: 'module',
    ...(options.overrides ? { overrides: options.overrides } : {}),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = (args: string[], timeoutMs: number) =>
    runCommand('npm', args, { cwd: dir, env: npmEnv, timeoutMs });

  return {
    dir,
    install: (specs, timeoutMs = 240_000) =>
      npm(['install', '--no-audit', '--no-fund', '--loglevel=warn', ...specs], timeoutMs),
    listAll: () => npm(['ls', '--all'], 60_000),
    installedManifest(name) {
      const path = join(dir, 'node_modules', name, 'package.json');
      if (!existsSync(path)) return undefined;
      return JSON.parse(readFileSync(path, 'utf8')) as { version: string };
    },
    isLinked: (name) => lstatSync(join(dir, 'node_modules', name)).isSymbolicLink(),
    write(files) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    },
    async typecheck(configName, compilerOptions, files) {
      const config = `tsconfig.${configName}.json`;
      writeFileSync(join(dir, config), `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
      const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = await runCommand(
        process.execPath,
        [tsc, '-p', config, '--strict', '--noEmit', '--pretty', 'false'],
        { cwd: dir, env: npmEnv, timeoutMs: 120_000, allowFailure: true },
      );
      return { result, diagnostics: parseTscOutput(`${result.stdout}\n${result.stderr}`) };
    },
    runNode: (file, args, env) =>
      runCommand(process.execPath, [file, ...args], { cwd: dir, env, timeoutMs: 60_000 }),
  };
}
