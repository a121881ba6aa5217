import { execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Kubernetes version built from Debian bookworm's `kubernetes` source package. */
export const KUBE_VERSION = '1.20.2';

/** Where the two server binaries come from. */
export interface Assets {
  /** Folder holding `kube-apiserver` and `etcd`. */
  dir: string;
  kubeApiserver: string;
  etcd: string;
  /** `KUBEBUILDER_ASSETS` (envtest convention) or the harness's own cache. */
  source: 'KUBEBUILDER_ASSETS' | 'cache';
}

/** Contents of `manifest.json`, saved next to the cached binaries. */
export interface AssetManifest {
  kubernetesVersion: string;
  debianSourceVersion: string;
  goVersion: string;
  etcdVersion: string;
  buildSeconds: number;
  builtAt: string;
  bytes: { 'kube-apiserver': number; etcd: number };
}

const SCRIPTS = fileURLToPath(new URL('../scripts/', import.meta.url));
/** Script installing the Debian packages (run as root). */
export const INSTALL_SCRIPT = join(SCRIPTS, 'install-system-deps.sh');
const BUILD_SCRIPT = join(SCRIPTS, 'build-kube-apiserver.sh');
const REFLECT2_DIR = '/usr/share/gocode/src/github.com/modern-go/reflect2';
const SYSTEM_ETCD = '/usr/bin/etcd';

/** `$XDG_CACHE_HOME/pause-kube-harness/<version>` (default `~/.cache/...`). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'pause-kube-harness', KUBE_VERSION);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function assetsIn(dir: string, source: Assets['source']): Assets | undefined {
  const kubeApiserver = join(dir, 'kube-apiserver');
  const etcd = join(dir, 'etcd');
  if (isExecutable(kubeApiserver) && isExecutable(etcd))
    return { dir, kubeApiserver, etcd, source };
  return undefined;
}

/**
 * Finds usable binaries without building anything: `KUBEBUILDER_ASSETS` when set (an
 * invalid value throws), else the cache. Returns `undefined` when `ensure` is needed.
 */
export function findAssets(env: NodeJS.ProcessEnv = process.env): Assets | undefined {
  const fromEnv = env.KUBEBUILDER_ASSETS;
  if (fromEnv) {
    const found = assetsIn(fromEnv, 'KUBEBUILDER_ASSETS');
    if (!found) {
      throw new Error(
        `KUBEBUILDER_ASSETS=${fromEnv} must be a folder holding executable "kube-apiserver" and "etcd"`,
      );
    }
    return found;
  }
  const dir = cacheDir(env);
  return existsSync(join(dir, 'manifest.json')) ? assetsIn(dir, 'cache') : undefined;
}

/** The manifest of the cached build, if any. */
export function readManifest(env: NodeJS.ProcessEnv = process.env): AssetManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(cacheDir(env), 'manifest.json'), 'utf8')) as AssetManifest;
  } catch {
    return undefined;
  }
}

/** The command that provides the binaries, for error messages. */
export const ENSURE_HINT =
  'npm run ensure -w @pause/kube-harness   (= node tooling/kube-harness/src/cli.ts ensure)';

function which(cmd: string): boolean {
  return (process.env.PATH ?? '')
    .split(':')
    .some((dir) => dir !== '' && isExecutable(join(dir, cmd)));
}

function debSrcAvailable(): boolean {
  try {
    const out = execFileSync('apt-cache', ['showsrc', 'kubernetes'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return /^Package: kubernetes$/m.test(out);
  } catch {
    return false;
  }
}

interface Requirement {
  pkg: string;
  ok: () => boolean;
}

/** What is missing on this machine for building/copying the binaries (Debian package names). */
export function missingSystemDeps(needBuild: boolean, needEtcd: boolean): string[] {
  const reqs: Requirement[] = [{ pkg: 'openssl', ok: () => which('openssl') }];
  if (needEtcd) reqs.push({ pkg: 'etcd-server', ok: () => isExecutable(SYSTEM_ETCD) });
  if (needBuild) {
    reqs.push(
      { pkg: 'golang-go', ok: () => which('go') },
      { pkg: 'dpkg-dev', ok: () => which('dpkg-source') },
      { pkg: 'golang-github-modern-go-reflect2-dev', ok: () => existsSync(REFLECT2_DIR) },
      { pkg: 'deb-src (apt source entries)', ok: debSrcAvailable },
    );
  }
  return reqs.filter((r) => !r.ok()).map((r) => r.pkg);
}

function runStreaming(
  command: string,
  args: string[],
  log: (line: string) => void,
  prefix: string,
) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const tail: string[] = [];
    const emit = (line: string) => {
      // skip blank lines and apt's "(Reading database ... 45%" progress lines
      if (!line.trim() || /^\(Reading database \.\.\. \d+%$/.test(line.trim())) return;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      log(`${prefix}${line}`);
    };
    const lineReader = () => {
      let rest = '';
      return {
        data(chunk: Buffer) {
          const parts = (rest + chunk.toString('utf8')).split(/[\r\n]+/);
          rest = parts.pop() ?? '';
          for (const line of parts) emit(line);
        },
        end: () => emit(rest),
      };
    };
    const out = lineReader();
    const err = lineReader();
    child.stdout.on('data', out.data);
    child.stdout.on('end', out.end);
    child.stderr.on('data', err.data);
    child.stderr.on('end', err.end);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${tail.join('\n')}`),
        );
    });
  });
}

function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Options of {@link ensureAssets}. */
export interface EnsureOptions {
  /** Progress output (default: `console.log`). */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * Makes `kube-apiserver` and `etcd` available, building/installing only what is missing:
 * honours `KUBEBUILDER_ASSETS`; else installs Debian packages (root only; otherwise throws
 * with the command to run), builds kube-apiserver from the Debian source package in a temp
 * dir, copies etcd, and caches both with a `manifest.json` under {@link cacheDir}.
 */
export async function ensureAssets(options: EnsureOptions = {}): Promise<Assets> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const found = findAssets(env);
  if (found) {
    log(`[ensure] ${found.source === 'cache' ? 'cached' : 'KUBEBUILDER_ASSETS'}: ${found.dir}`);
    return found;
  }
  const dir = cacheDir(env);
  const needBuild = !isExecutable(join(dir, 'kube-apiserver'));
  const needEtcd = !isExecutable(join(dir, 'etcd'));
  log(
    `[ensure] cache ${dir}: kube-apiserver ${needBuild ? 'missing' : 'present'}, etcd ${needEtcd ? 'missing' : 'present'}`,
  );

  let missing = missingSystemDeps(needBuild, needEtcd);
  if (missing.length > 0) {
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      throw new Error(
        `Missing system packages: ${missing.join(', ')}.\n` +
          `Install them as root, then re-run ensure:\n  sudo ${INSTALL_SCRIPT}`,
      );
    }
    log(`[ensure] installing system packages (${missing.join(', ')}) via ${INSTALL_SCRIPT}`);
    await runStreaming('bash', [INSTALL_SCRIPT], log, '[apt] ');
    missing = missingSystemDeps(needBuild, needEtcd);
    if (missing.length > 0) throw new Error(`still missing after install: ${missing.join(', ')}`);
  }

  mkdirSync(dir, { recursive: true });
  const previous = readManifest(env);
  let buildInfo: Record<string, string> = {};
  if (needBuild) {
    const staging = join(dir, `.build-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    log('[ensure] building kube-apiserver from Debian source (takes minutes)');
    const t0 = Date.now();
    try {
      await runStreaming('bash', [BUILD_SCRIPT, staging], log, '  ');
      buildInfo = parseKeyValues(readFileSync(join(staging, 'build-info.txt'), 'utf8'));
      renameSync(join(staging, 'kube-apiserver'), join(dir, 'kube-apiserver'));
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    log(`[ensure] kube-apiserver built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  if (needEtcd) {
    const tmp = join(dir, `.etcd-${process.pid}`);
    copyFileSync(SYSTEM_ETCD, tmp);
    renameSync(tmp, join(dir, 'etcd'));
    log(`[ensure] copied ${SYSTEM_ETCD} to ${join(dir, 'etcd')}`);
  }

  const etcdPath = join(dir, 'etcd');
  const etcdVersion =
    /etcd Version: (\S+)/.exec(execFileSync(etcdPath, ['--version'], { encoding: 'utf8' }))?.[1] ??
    'unknown';
  const manifest: AssetManifest = {
    kubernetesVersion:
      buildInfo.KUBERNETES_VERSION ?? previous?.kubernetesVersion ?? `v${KUBE_VERSION}`,
    debianSourceVersion:
      buildInfo.DEBIAN_SOURCE_VERSION ?? previous?.debianSourceVersion ?? 'unknown',
    goVersion: buildInfo.GO_VERSION ?? previous?.goVersion ?? 'unknown',
    etcdVersion,
    buildSeconds: Number(buildInfo.BUILD_SECONDS ?? previous?.buildSeconds ?? 0),
    builtAt: needBuild ? new Date().toISOString() : (previous?.builtAt ?? new Date().toISOString()),
    bytes: {
      'kube-apiserver': statSync(join(dir, 'kube-apiserver')).size,
      etcd: statSync(etcdPath).size,
    },
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const assets = assetsIn(dir, 'cache');
  if (!assets) throw new Error(`binaries missing in ${dir} after ensure`);
  log(`[ensure] ready: ${dir} (kube-apiserver ${manifest.kubernetesVersion}, etcd ${etcdVersion})`);
  return assets;
}
