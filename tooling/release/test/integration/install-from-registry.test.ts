/**
 * A user gets a working install. The packages are built, a copy of the repository makes a
 * throw-away prerelease with the release's own tooling (`changeset version --snapshot`,
 * `changeset publish --tag`) to a local registry (verdaccio: `@pause/*` published there and
 * served from there only, everything else proxied to registry.npmjs.org), and fresh projects
 * outside the workspace install an adapter with its peer and TypeScript from it, as a user
 * would. Each project type-checks a script and the package's README examples under NodeNext and
 * under Bundler resolution, then runs the script with Node against the real kube-apiserver: it
 * pauses a widget by label (gate: `stop`, `Paused=True` on the server) and resumes it. The CLI
 * runs with `npm exec` (npx) from the registry, as a user would try it: pause, status, resume.
 *
 * Quiet: child output is kept and shown only in a failure's message. Timings of every step are
 * in the JSON report (`.reports/integration.json`, `meta.timings` of each test).
 */
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubeconfigFileText } from '@pause/kube-harness';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  type TestResource,
} from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { childEnv } from '../../src/child-env.ts';
import { type CommandResult, runCommand } from '../../src/command.ts';
import { type ConsumerProject, createConsumerProject } from '../../src/consumer-project.ts';
import { bareImports, packageNameOf } from '../../src/imports.ts';
import { type LocalRegistry, processExists, startLocalRegistry } from '../../src/local-registry.ts';
import { npmEnv } from '../../src/npm-env.ts';
import {
  type PackageManifest,
  type SnapshotRelease,
  snapshotRelease,
} from '../../src/snapshot-release.ts';
import { fetchPackument, fetchTarballFiles } from '../../src/tarball.ts';
import { tarballProblems } from '../../src/tarball-problems.ts';
import { Timings } from '../../src/timings.ts';
import { concernsUs } from '../../src/tsc-diagnostics.ts';
import { type PinReport, unservedPins } from '../../src/unserved-pins.ts';
import { copyWorkspace } from '../../src/workspace-copy.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** Milliseconds per step, in the JSON report. */
    timings?: Record<string, number>;
    /** What the test found out (versions installed, overrides needed, third-party type errors). */
    facts?: Record<string, unknown>;
  }
}

const root = realpathSync(fileURLToPath(new URL('../../../../', import.meta.url)));
const here = fileURLToPath(new URL('.', import.meta.url));
const TAG = 'installtest';
const SCOPE = '@pause/';
const UPLINK = 'https://registry.npmjs.org/';
const NAMESPACE = 'pause-install-test';
const WIDGETS: TestResource = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  conditions: 'free',
};

/** A user's project: an adapter, its peer, TypeScript. */
interface Consumer {
  /** Folder name of the project and of its script under test/consumers. */
  id: string;
  adapter: string;
  peer: string;
  /** The `@pause/` packages the install must bring, the adapter included. */
  pausePackages: string[];
  /** Checks the registry for what the project needs in `overrides` (none when undefined). */
  overrides?: (
    registryUrl: string,
  ) => Promise<{ overrides?: Record<string, unknown>; facts: object }>;
}

/** The kfc quicktype pin: the override this monorepo's root package.json has, when needed. */
async function kfcOverrides(registryUrl: string) {
  const pins: PinReport = await unservedPins(registryUrl, 'kubernetes-fluent-client');
  if (pins.unserved.length === 0) return { facts: { kfc: pins } };
  const rootManifest = readJson<PackageManifest>(join(root, 'package.json'));
  const ours = rootManifest.overrides?.['kubernetes-fluent-client'] as Record<string, string>;
  const overrides: Record<string, string> = {};
  for (const pin of pins.unserved) {
    const replacement = ours?.[pin.name];
    if (!replacement) {
      throw new Error(
        `kubernetes-fluent-client@${pins.version} pins ${pin.name}@${pin.version}, which the registry does not serve, and the root package.json has no override for it`,
      );
    }
    overrides[pin.name] = replacement;
  }
  return { overrides: { 'kubernetes-fluent-client': overrides }, facts: { kfc: pins } };
}

const consumers: Consumer[] = [
  {
    id: 'client-node',
    adapter: '@pause/client-node',
    peer: '@kubernetes/client-node',
    pausePackages: ['@pause/client-node', '@pause/core', '@pause/http'],
  },
  {
    id: 'fluent',
    adapter: '@pause/fluent',
    peer: 'kubernetes-fluent-client',
    pausePackages: ['@pause/core', '@pause/fluent', '@pause/http'],
    overrides: kfcOverrides,
  },
];

/** Compiler options of the two type checks (plus `--strict --noEmit` on the command line). */
const COMMON_OPTIONS = {
  target: 'ES2023',
  types: ['node'],
  skipLibCheck: false, // our declarations are checked too; others' errors are filtered out
  verbatimModuleSyntax: true, // Node runs the script by stripping types
  erasableSyntaxOnly: true,
};
const TYPECHECKS = {
  nodenext: { ...COMMON_OPTIONS, module: 'NodeNext', moduleResolution: 'NodeNext' },
  bundler: { ...COMMON_OPTIONS, module: 'preserve', moduleResolution: 'Bundler' },
} as const;

/** An installed consumer project. */
interface Installed {
  project: ConsumerProject;
  install: CommandResult;
  /** Files to type-check: the script and the package's README examples. */
  files: string[];
  facts: Record<string, unknown>;
  ms: Record<string, number>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const cluster = connectRealCluster();
const setup = new Timings();
let work = '';
let copyDir = '';
let registry: LocalRegistry | undefined;
let release: SnapshotRelease | undefined;
let objects: TestObjects | undefined;
let kubeconfigPath = '';
const installs = new Map<string, Promise<Installed>>();

function npmEnvOfRun(): NodeJS.ProcessEnv {
  if (!registry) throw new Error('no registry');
  return npmEnv(registry, join(work, 'npm-cache'));
}

/** The snapshot version: `@pause/core`'s (the fixed group shares it). */
function releasedVersion(): string {
  const version = release?.packages.find((pkg) => pkg.name === '@pause/core')?.version;
  if (!version) throw new Error('no release');
  return version;
}

/** Entry points that need an optional peer the consumers do not install (`prom-client`). */
const NEEDS_OPTIONAL_PEER = new Set(['@pause/client-node/metrics']);

/**
 * Examples of the package (`examples/*.ts` in the copy) that import only what the consumer
 * installs, copied into the project; the others (e.g. Pepr's, `pepr` being an optional peer, or
 * the metrics entry point's, which needs `prom-client`) are listed in `skipped`.
 */
function exampleFiles(consumer: Consumer, project: ConsumerProject) {
  const dir = join(copyDir, 'packages', consumer.id, 'examples');
  const files: string[] = [];
  const skipped: string[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const specifiers = bareImports(text);
    const needs = specifiers.map(packageNameOf);
    const optional = specifiers.some((specifier) => NEEDS_OPTIONAL_PEER.has(specifier));
    if (!optional && needs.every((pkg) => pkg === consumer.adapter || pkg === consumer.peer)) {
      project.write({ [`examples/${name}`]: text });
      files.push(`examples/${name}`);
    } else skipped.push(name);
  }
  return { files, skipped };
}

/** Creates the project, works out its overrides, installs: what a user does first. */
async function installConsumer(consumer: Consumer): Promise<Installed> {
  if (!registry) throw new Error('no registry');
  const timings = new Timings();
  const facts: Record<string, unknown> = {};
  let overrides: Record<string, unknown> | undefined;
  if (consumer.overrides) {
    const found = await timings.time('overrides probe', () =>
      consumer.overrides?.(registry?.url ?? ''),
    );
    overrides = found?.overrides;
    Object.assign(facts, found?.facts, { overrides: overrides ?? null });
  }
  const project = createConsumerProject({
    dir: join(work, `consumer-${consumer.id}`),
    name: `consumer-${consumer.id}`,
    npmEnv: npmEnvOfRun(),
    ...(overrides ? { overrides } : {}),
  });
  const install = await timings.time('npm install', () =>
    project.install([`${consumer.adapter}@${TAG}`, consumer.peer, 'typescript']),
  );
  project.write({
    'pause-widget.ts': readFileSync(
      join(here, '../consumers', consumer.id, 'pause-widget.ts'),
      'utf8',
    ),
  });
  const examples = exampleFiles(consumer, project);
  facts.examplesSkipped = examples.skipped;
  return { project, install, files: ['pause-widget.ts', ...examples.files], facts, ms: timings.ms };
}

/** The installed project of `consumer` (installs run in parallel, started by `beforeAll`). */
function installed(consumer: Consumer): Promise<Installed> {
  const pending = installs.get(consumer.id);
  if (!pending) throw new Error(`${consumer.id} was not installed: see the beforeAll failure`);
  return pending;
}

/** What a consumer script prints: one JSON line, its last. */
interface ScriptReport {
  paused: { action: string; paused: unknown };
  resumed: { action: string; paused: unknown };
  connectionsOpened: number;
}

function parseReport(stdout: string, output: string): ScriptReport {
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(lastLine) as ScriptReport;
  } catch {
    throw new Error(`the script printed no JSON report:\n${output}`);
  }
}

/** Prints the end of the registry's log (uplink and publish errors show there). */
function printRegistryLog() {
  if (!registry) return;
  const log = readFileSync(registry.logPath, 'utf8').trimEnd().split('\n').slice(-40);
  console.error(`verdaccio log (${registry.logPath}), last lines:\n${log.join('\n')}`);
}

/** On failure (only), the registry's log. */
function showRegistryLogOnFailure(context: TestContext) {
  context.onTestFailed(printRegistryLog);
}

beforeAll(async () => {
  try {
    await prepare();
  } catch (error) {
    printRegistryLog();
    throw error;
  }
});

/** Build, copy, registry, release; then the installs start (not awaited) and the cluster is set. */
async function prepare() {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'pause-install-test-')));
  if (!relative(root, work).startsWith('..')) throw new Error(`${work} is inside ${root}`);
  const env = childEnv();
  await setup.time('build (turbo)', () =>
    runCommand(
      process.execPath,
      [join(root, 'node_modules/turbo/bin/turbo'), 'run', 'build', '--filter=./packages/*'],
      { cwd: root, env, timeoutMs: 300_000 },
    ),
  );
  copyDir = join(work, 'repository');
  await setup.time('copy of the repository', () => copyWorkspace(root, copyDir, ['packages']));
  registry = await setup.time('verdaccio start', () =>
    startLocalRegistry({
      dir: join(work, 'registry'),
      verdaccioBin: join(root, 'node_modules/verdaccio/bin/verdaccio'),
      scope: '@pause',
      uplink: UPLINK,
    }),
  );
  release = await snapshotRelease({
    copyDir,
    changesetBin: join(root, 'node_modules/@changesets/cli/bin.js'),
    tag: TAG,
    env: npmEnvOfRun(),
  });
  setup.ms['changeset version --snapshot'] = release.version.ms;
  setup.ms['changeset publish'] = release.publish.ms;

  // The slow part, fetching from npm through verdaccio: both projects at once.
  for (const consumer of consumers) {
    const pending = installConsumer(consumer);
    pending.catch(() => undefined); // awaited (and reported) by the consumer's tests
    installs.set(consumer.id, pending);
  }

  objects = await createTestObjects({ cluster, resource: WIDGETS, namespace: NAMESPACE });
  kubeconfigPath = join(work, 'kubeconfig.json');
  writeFileSync(kubeconfigPath, kubeconfigFileText(cluster.info.kubeConfig));
}

afterAll(async () => {
  await Promise.allSettled(installs.values()); // never stop the registry under an install
  await objects?.cleanup();
  if (registry) {
    await registry.stop();
    expect(processExists(registry.pid), `verdaccio (PID ${registry.pid}) still running`).toBe(
      false,
    );
  }
  if (process.env.PAUSE_INSTALL_TEST_KEEP === '1')
    console.error(`install test files kept in ${work}`);
  else if (work) rmSync(work, { recursive: true, force: true });
});

describe('a snapshot release published with changeset to a local registry', () => {
  it('publishes every public package at one snapshot version under the dist-tag', async (context) => {
    showRegistryLogOnFailure(context);
    context.task.meta.timings = setup.ms;
    const published = release?.packages ?? [];
    context.task.meta.facts = {
      version: releasedVersion(),
      packages: published.map((p) => p.name),
    };
    expect(published.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        '@pause/core',
        '@pause/http',
        '@pause/client-node',
        '@pause/fluent',
        '@pause/testing',
      ]),
    );
    expect(releasedVersion()).toMatch(new RegExp(`^\\d+\\.\\d+\\.\\d+-${TAG}-\\d{14}$`));
    const versions: Record<string, string | undefined> = {};
    const tagged: Record<string, string | undefined> = {};
    for (const pkg of published) {
      versions[pkg.name] = pkg.version;
      tagged[pkg.name] = (await fetchPackument(registry?.url ?? '', pkg.name))?.['dist-tags'][TAG];
    }
    const expected = Object.fromEntries(published.map((pkg) => [pkg.name, releasedVersion()]));
    expect(versions, 'one version for the fixed group').toEqual(expected);
    expect(tagged, `dist-tag ${TAG} on the registry`).toEqual(expected);
  });

  it('puts package.json, README.md, LICENSE and dist/index.{js,d.ts} in every tarball, no tests, no export or import that fails outside the monorepo', async (context) => {
    showRegistryLogOnFailure(context);
    const problems: Record<string, string[]> = {};
    const sizes: Record<string, number> = {};
    for (const pkg of release?.packages ?? []) {
      const files = await fetchTarballFiles(registry?.url ?? '', pkg.name, pkg.version);
      problems[pkg.name] = tarballProblems(files, SCOPE);
      sizes[pkg.name] = files.size;
    }
    context.task.meta.facts = { filesPerTarball: sizes };
    const none = Object.fromEntries(Object.keys(problems).map((name) => [name, []]));
    expect(problems).toEqual(none);
  });
});

for (const consumer of consumers) {
  describe(`a project with only ${consumer.adapter}, ${consumer.peer} and typescript, installed from the registry`, () => {
    it('installs: the release, from the registry (not linked), with no missing or invalid dependency', async (context) => {
      showRegistryLogOnFailure(context);
      const { project, facts, ms } = await installed(consumer);
      context.task.meta.timings = ms;
      context.task.meta.facts = facts;
      const installedScope = readdirSync(join(project.dir, 'node_modules/@pause'))
        .map((name) => `@pause/${name}`)
        .sort();
      expect(installedScope).toEqual(consumer.pausePackages);
      for (const name of consumer.pausePackages) {
        expect(project.installedManifest(name)?.version, name).toBe(releasedVersion());
        expect(project.isLinked(name), `${name} is a link`).toBe(false);
      }
      facts.typescript = project.installedManifest('typescript')?.version;
      facts.peer = `${consumer.peer}@${project.installedManifest(consumer.peer)?.version}`;
      await project.listAll();
    });

    for (const [name, options] of Object.entries(TYPECHECKS)) {
      it(`type-checks the script and the README examples: tsc --strict, ${options.module}/${options.moduleResolution}`, async (context) => {
        showRegistryLogOnFailure(context);
        const { project, files } = await installed(consumer);
        const check = await project.typecheck(name, options, files);
        context.task.meta.timings = { tsc: check.result.ms };
        const ours = check.diagnostics.filter((d) => concernsUs(d, SCOPE)).map((d) => d.text);
        const theirs = check.diagnostics.filter((d) => !concernsUs(d, SCOPE)).map((d) => d.text);
        context.task.meta.facts = { files, thirdPartyErrors: theirs };
        const output = `${check.result.stdout}${check.result.stderr}`;
        expect(ours, output).toEqual([]);
        expect(check.result.code === 0 || theirs.length > 0, `tsc failed:\n${output}`).toBe(true);
      });
    }

    it('runs the script with Node against the real API server: labelled → stop + Paused=True, unlabelled → continue, condition gone', async (context) => {
      showRegistryLogOnFailure(context);
      const { project } = await installed(consumer);
      const h = objects as TestObjects;
      const created = await h.createObject();
      const ref = {
        apiVersion: `${WIDGETS.group}/${WIDGETS.version}`,
        kind: WIDGETS.kind,
        name: created.metadata?.name ?? '',
        namespace: NAMESPACE,
      };
      const run = await project.runNode(
        'pause-widget.ts',
        [NAMESPACE, ref.name],
        childEnv({ KUBECONFIG: kubeconfigPath }),
      );
      context.task.meta.timings = { node: run.ms };
      const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
      const report = parseReport(run.stdout, output);
      expect(report.paused, output).toMatchObject({
        action: 'stop',
        paused: { type: 'Paused', status: 'True', reason: 'PausedByLabel', observedGeneration: 1 },
      });
      expect(report.resumed, output).toEqual({ action: 'continue', paused: null });
      expect(report.connectionsOpened, output).toBeLessThanOrEqual(2);

      // The server, read directly (not through the packages under test).
      const stored = await h.getObject(ref);
      const conditions = (stored?.status as { conditions?: { type: string }[] } | undefined)
        ?.conditions;
      expect(conditions?.find((c) => c.type === 'Paused')).toBeUndefined();
      expect(stored?.metadata?.labels?.['example.com/paused']).toBeUndefined();
      expect((await h.listEvents(ref)).map((event) => event.reason)).toEqual(['Paused', 'Resumed']);
    });
  });
}

describe('the CLI from the registry with npx (npm exec), as a user tries it', () => {
  it('kubectl-pause pauses, shows and resumes a widget on the real API server', async (context) => {
    showRegistryLogOnFailure(context);
    const h = objects as TestObjects;
    const created = await h.createObject();
    const name = created.metadata?.name ?? '';
    const dir = mkdtempSync(join(work, 'npx-'));
    const env = { ...childEnv({ KUBECONFIG: kubeconfigPath }), ...npmEnvOfRun() };
    const flags = ['-n', NAMESPACE, '--label-key', 'example.com/paused'];
    const kubectlPause = (...args: string[]) =>
      runCommand(
        'npm',
        ['exec', '--yes', `--package=@pause/cli@${TAG}`, '--', 'kubectl-pause', ...args],
        { cwd: dir, env, timeoutMs: 240_000, allowFailure: true },
      );
    const timings: Record<string, number> = {};
    const expectOk = (result: CommandResult) =>
      expect(result.code, `${result.line}\n${result.stdout}\n${result.stderr}`).toBe(0);

    const version = await kubectlPause('--version');
    timings['npx first run (fetch + --version)'] = version.ms;
    expectOk(version);
    expect(version.stdout.trim()).toBe(releasedVersion());

    const paused = await kubectlPause('widgets', name, ...flags, '--by', 'ci');
    timings.pause = paused.ms;
    expectOk(paused);
    const ref = {
      apiVersion: `${WIDGETS.group}/${WIDGETS.version}`,
      kind: WIDGETS.kind,
      name,
      namespace: NAMESPACE,
    };
    expect((await h.getObject(ref))?.metadata?.labels?.['example.com/paused']).toBe('ci');

    const status = await kubectlPause('status', 'widgets', name, ...flags, '-o', 'json');
    timings.status = status.ms;
    expectOk(status);
    expect(JSON.stringify(JSON.parse(status.stdout))).toContain('"paused":true');

    const resumed = await kubectlPause('resume', 'widgets', name, ...flags);
    timings.resume = resumed.ms;
    expectOk(resumed);
    expect((await h.getObject(ref))?.metadata?.labels?.['example.com/paused']).toBeUndefined();
    context.task.meta.timings = timings;
  });
});
