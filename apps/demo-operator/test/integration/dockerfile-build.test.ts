/**
 * The demo operator's image, built without a container engine: every RUN of
 * apps/demo-operator/Dockerfile runs in a temporary copy of the build context (the repository
 * minus .dockerignore), COPY --from is emulated between stage directories, and the final
 * stage's directory is checked as the image would be: production dependencies only, a
 * non-root user, and the entrypoint works from it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@pause/kube-harness';
import type {} from '@pause/kube-harness/vitest-global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type BuildResult,
  buildWithoutEngine,
  contextFiles,
  dockerignoreFilter,
  type ImageConfig,
  imageConfig,
  parseDockerfile,
} from '../dockerfile-emulator.ts';

const kube = inject('kube');
const repoRoot = new URL('../../../../', import.meta.url).pathname;
const dockerfilePath = new URL('../../Dockerfile', import.meta.url).pathname;
const dockerfile = parseDockerfile(readFileSync(dockerfilePath, 'utf8'));
const rootLock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean; optional?: boolean }>;
};
const rootDevDependencies = Object.keys(
  (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies,
);

/** Every package directory under a node_modules (scoped ones included), as `node_modules/…` paths. */
function installedPackages(nodeModules: string, prefix = 'node_modules'): string[] {
  if (!existsSync(nodeModules)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(join(nodeModules, entry.name))) {
        found.push(`${prefix}/${entry.name}/${scoped}`);
        found.push(
          ...installedPackages(
            join(nodeModules, entry.name, scoped, 'node_modules'),
            `${prefix}/${entry.name}/${scoped}/node_modules`,
          ),
        );
      }
    } else {
      found.push(`${prefix}/${entry.name}`);
      found.push(
        ...installedPackages(
          join(nodeModules, entry.name, 'node_modules'),
          `${prefix}/${entry.name}/node_modules`,
        ),
      );
    }
  }
  return found;
}

function filesUnder(dir: string, skip: (name: string) => boolean, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...filesUnder(join(dir, entry.name), skip, rel));
    else found.push(rel);
  }
  return found;
}

describe('the Dockerfile, parsed', () => {
  it('has a build stage, a production-dependencies stage and a final stage', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'prod', undefined]);
    const final = dockerfile.stages.at(-1);
    const copies = final?.instructions.filter((i) => i.keyword === 'COPY') ?? [];
    // The final stage takes nothing from the build stage (where the dev dependencies are).
    expect(copies.map((c) => c.args)).toEqual(['--from=prod /app ./']);
  });

  it('runs as a non-root numeric user (so Kubernetes can verify runAsNonRoot)', () => {
    const { user } = imageConfig(dockerfile);
    expect(user).toBeDefined();
    const [uid, gid] = (user as string).split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    if (gid !== undefined) expect(Number(gid)).toBeGreaterThan(0);
  });

  it('starts the built JavaScript in cluster mode by default', () => {
    const config = imageConfig(dockerfile);
    expect([...config.entrypoint, ...config.cmd]).toEqual([
      'node',
      'apps/demo-operator/dist/main.js',
      '--in-cluster',
    ]);
    expect(config.env.NODE_ENV).toBe('production');
  });

  it('.dockerignore keeps node_modules, dist and .git out of the context', () => {
    const keep = dockerignoreFilter(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
    expect(keep('node_modules/vitest/package.json')).toBe(false);
    expect(keep('packages/core/node_modules/x/index.js')).toBe(false);
    expect(keep('packages/core/dist/index.js')).toBe(false);
    expect(keep('.git/HEAD')).toBe(false);
    expect(keep('packages/core/src/index.ts')).toBe(true);
    expect(keep('package-lock.json')).toBe(true);
  });
});

describe('the emulation itself', () => {
  it('fails with the step, its line and its output when a RUN fails', async () => {
    const work = mkdtempSync(join(tmpdir(), 'dockerfile-fail-'));
    try {
      writeFileSync(join(work, 'hello.txt'), 'hi\n');
      const broken = parseDockerfile(
        'FROM scratch AS a\nWORKDIR /w\nCOPY hello.txt ./\nRUN cat hello.txt && echo "no such tool" >&2 && exit 3\n',
      );
      await expect(
        buildWithoutEngine({
          dockerfile: broken,
          contextRoot: work,
          contextFiles: ['hello.txt'],
          workRoot: join(work, 'build'),
        }),
      ).rejects.toThrow(
        /RUN failed in Dockerfile line 4 \(stage a\) with exit code 3:[\s\S]*cat hello\.txt[\s\S]*hi\nno such tool/,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('the image, built without a container engine', () => {
  let work: string;
  let built: BuildResult;
  let config: ImageConfig;
  let app: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'demo-operator-image-'));
    const files = contextFiles(repoRoot);
    const started = performance.now();
    built = await buildWithoutEngine({
      dockerfile,
      contextRoot: repoRoot,
      contextFiles: files,
      workRoot: work,
      // The machine's npm cache first: the same packages as the registry's, without the wait.
      env: { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
      onStep: (step) =>
        console.log(
          `RUN (${step.stage}, line ${step.line}) ${step.seconds}s: ${step.command.slice(0, 100)}`,
        ),
    });
    console.log(
      `image built without an engine in ${Math.round((performance.now() - started) / 1000)}s from ${files.length} context files`,
    );
    config = imageConfig(dockerfile);
    app = join(built.finalRoot, config.workdir);
  }, 900_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds no development dependency', () => {
    const installed = installedPackages(join(app, 'node_modules'));
    expect(installed).toContain('node_modules/@kubernetes/client-node');
    for (const name of [
      'node',
      'typescript',
      'vitest',
      '@biomejs/biome',
      'turbo',
      'verdaccio',
      '@pause/kube-harness',
      '@pause/vitest-config',
      'yaml',
    ]) {
      expect(installed, `${name} must not be in the image`).not.toContain(`node_modules/${name}`);
    }
    // Nothing the lockfile knows only as a dev dependency (the root's devDependencies included).
    const devOnly = installed.filter((path) => {
      const entry = rootLock.packages[path];
      return entry?.dev === true || entry?.devOptional === true;
    });
    expect(devOnly).toEqual([]);
    const rootDevsInImage = rootDevDependencies.filter(
      (name) =>
        installed.includes(`node_modules/${name}`) &&
        rootLock.packages[`node_modules/${name}`]?.dev === true,
    );
    expect(rootDevsInImage).toEqual([]);
  });

  it('holds built JavaScript, not TypeScript sources', () => {
    const files = filesUnder(app, (name) => name === 'node_modules');
    expect(files).toContain('apps/demo-operator/dist/main.js');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.includes('/src/'))).toEqual([]);
  });

  it('its entrypoint answers --help from the image directory', () => {
    const [command, ...args] = config.entrypoint;
    const result = spawnSync(command as string, [...args, '--help'], {
      cwd: app,
      env: { PATH: process.env.PATH, ...config.env },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: demo-operator/);
    expect(result.stdout).toContain('--in-cluster');
  });

  it('its entrypoint without arguments runs the embedded demo and tells the story', () => {
    const [command, ...args] = config.entrypoint;
    const result = spawnSync(command as string, args, {
      cwd: app,
      env: { PATH: process.env.PATH, ...config.env },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'pause demo: the Widget operator on an embedded in-memory cluster',
    );
    expect(result.stdout).toContain('Paused: True PausedByLabel');
    expect(result.stdout).toContain('events: Normal/PauseExpired');
    expect(result.stdout).toContain('Paused: True PausedByController');
  });

  it('its cluster mode loads every module it needs, serves its probes and stops on SIGTERM', async () => {
    if (!kube.available) throw new Error(kube.reason);
    const [command, ...args] = config.entrypoint;
    // The image's dist against the test's API server (admin kubeconfig; the RBAC of the
    // manifests is deploy-rbac.test.ts's business), probes on a free port of 127.0.0.1.
    const child = spawn(
      command as string,
      [
        ...args,
        '--kubeconfig',
        kube.kubeconfigPath,
        '--namespace',
        'dockerfile-it',
        '--http-address',
        '127.0.0.1:0',
        '--shutdown-timeout-ms',
        '2000',
      ],
      {
        cwd: app,
        env: { PATH: process.env.PATH, ...config.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      const address = await eventually(
        'the operator to serve its probes',
        async () => {
          if (child.exitCode !== null) throw new Error(`the image's operator exited:\n${out}`);
          const serving = out
            .split('\n')
            .map((line) => {
              try {
                return JSON.parse(line) as { msg?: string; address?: string };
              } catch {
                return undefined;
              }
            })
            .find((entry) => entry?.msg === 'serving');
          return serving?.address;
        },
        120_000,
        50,
      );
      const healthz = await fetch(new URL('/healthz', address));
      expect(healthz.status).toBe(200);
      const metrics = await fetch(new URL('/metrics', address));
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('widgets.demo.pause.dev');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, out).toBe(0);
  }, 180_000);
});
