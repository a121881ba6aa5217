/**
 * Controller bench (issue 14): the same pause workload against several controllers, one at a
 * time, ALONE on a real kube-apiserver 1.20.2 + etcd started by @pause/kube-harness, each
 * controller in its own child process (so its RSS and CPU time are its own).
 *
 *   node --conditions=dev-source tooling/controller-bench/run.ts \
 *     [--objects 2000] [--latency 300] [--concurrency 32] \
 *     [--only client-go,pause-client-node,pause-client-node-c8,peer-client-node,fluent,peer-fluent]
 *     [--bulk-runs 1] [--json out.json] [--cpu-prof]
 *
 * (`npm run bench:controllers -- --objects 200` from the repo root.) Per controller:
 *   1. start it, wait for its READY line (its cache holds the N objects);
 *   2. latency: label one object at a time (merge patch), time until the driver's watch shows
 *      `Paused=True`; M samples -> p50 / p99;
 *   3. reset (unlabel those M, wait until the condition is gone);
 *   4. bulk: label all N with `--concurrency` merge patches in flight, time until the watch
 *      shows all N `Paused=True` -> objects/s; RSS of the child after it; CPU time of the child
 *      (utime+stime from /proc/PID/stat) and API requests (apiserver_request_total deltas from
 *      /metrics, minus the driver's own) per transition;
 *   5. reset all N (unlabel; the controller removes the condition) -> resume objects/s;
 *      steps 4-5 run `--bulk-runs` times (the main table shows the first; an extra table the
 *      RSS after each, to see whether it grows run over run);
 *   6. stop it (SIGTERM by PID, SIGKILL after 10 s);
 *   7. delete all N and their Events and create them again, so each controller starts from
 *      the same objects (no managedFields entries or Events left by the one before).
 * `--cpu-prof` writes V8's CPU profile of each Node child under its stderr's directory.
 * Prints a markdown table with ratios against client-go (`fluent`'s against `peer-fluent`).
 * Asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cacheDir, installCrd, type KubeHarness, start, testCrd } from '@pause/kube-harness';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const GROUP = 'bench.pause.test';
const VERSION = 'v1';
const PLURAL = 'widgets';
const KIND = 'Widget';
const NAMESPACE = 'default';
const LABEL = 'bench.pause.test/paused';
const CONDITION = 'Paused';
const OBJECTS_PATH = `/apis/${GROUP}/${VERSION}/namespaces/${NAMESPACE}/${PLURAL}`;

const { values: args } = parseArgs({
  options: {
    objects: { type: 'string', default: '2000' },
    latency: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '32' },
    only: { type: 'string' },
    json: { type: 'string' },
    'phase-timeout': { type: 'string' },
    'bulk-runs': { type: 'string', default: '1' },
    'cpu-prof': { type: 'boolean', default: false },
  },
  strict: true,
});
const N = Number(args.objects);
const M = Math.min(N, Number(args.latency));
const BULK_CONCURRENCY = Number(args.concurrency);
/** Default: 600 s, or 0.2 s per object when more (2,000 s for 10,000 objects). */
const PHASE_TIMEOUT_MS =
  (args['phase-timeout'] === undefined ? Math.max(600, N * 0.2) : Number(args['phase-timeout'])) *
  1000;
/** Until a child prints READY (its initial list, and for `fluent` the pause pass over it). */
const READY_TIMEOUT_MS = Math.max(120_000, N * 30);
const BULK_RUNS = Number(args['bulk-runs']);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(BULK_RUNS) || BULK_RUNS < 1) {
  console.error('--objects and --bulk-runs take a positive integer');
  process.exit(2);
}
/** Each child's stderr, kept after the run. */
const LOG_DIR = mkdtempSync(join(tmpdir(), 'controller-bench-'));
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

// ---------------------------------------------------------------------------------------------
// The controllers

interface ControllerSpec {
  id: string;
  label: string;
  /** Command line, given the common flags. */
  command(flags: string[]): { file: string; args: string[] };
}

const nodeChild =
  (script: string, workers: number, nodeFlags: readonly string[] = []) =>
  (flags: string[]): { file: string; args: string[] } => ({
    file: process.execPath,
    args: [
      '--conditions=dev-source',
      ...nodeFlags,
      join(HERE, 'controllers', script),
      ...flags,
      '--workers',
      String(workers),
    ],
  });

const REFERENCE_BIN = join(cacheDir(), 'pause-reference-controller');
/**
 * The V8 old-space cap of `pause-client-node-heap` (a deployment setting, not a default): 96 MB
 * up to 2,000 objects, 128 MB above (the demo's Deployment sets 128).
 */
const HEAP_CAP_MB = N <= 2000 ? 96 : 128;

const CONTROLLERS: ControllerSpec[] = [
  {
    id: 'client-go',
    label: 'client-go reference, 2 workers',
    command: (flags) => ({ file: REFERENCE_BIN, args: [...flags, '--workers', '2'] }),
  },
  {
    id: 'client-go-events',
    label: 'client-go reference recording Events (`--events`), 2 workers',
    command: (flags) => ({ file: REFERENCE_BIN, args: [...flags, '--workers', '2', '--events'] }),
  },
  {
    id: 'client-go-w8',
    label:
      'client-go reference, 8 workers, QPS 2000 (how fast this machine lets any controller go)',
    command: (flags) => ({
      file: REFERENCE_BIN,
      args: [...flags, '--workers', '8', '--qps', '2000', '--burst', '4000'],
    }),
  },
  {
    id: 'pause-client-node',
    label: '`createPausableController`, concurrency 2',
    command: nodeChild('pause-client-node.ts', 2),
  },
  {
    id: 'pause-client-node-heap',
    label: `\`createPausableController\`, concurrency 2, \`node --max-old-space-size=${HEAP_CAP_MB}\``,
    command: nodeChild('pause-client-node.ts', 2, [`--max-old-space-size=${HEAP_CAP_MB}`]),
  },
  {
    id: 'pause-client-node-c8',
    label: '`createPausableController`, concurrency 8',
    command: nodeChild('pause-client-node.ts', 8),
  },
  {
    id: 'peer-client-node',
    label: 'plain client-node controller, 2 workers',
    command: nodeChild('peer-client-node.ts', 2),
  },
  {
    id: 'fluent',
    label: '`withPause` (fluent) on a kfc `Watch`',
    command: nodeChild('fluent-with-pause.ts', 2),
  },
  {
    id: 'peer-fluent',
    label: 'plain kfc controller, 2 workers',
    command: nodeChild('peer-fluent.ts', 2),
  },
];

/** The row each controller's ratios are against: `fluent` against the plain kfc peer. */
const RATIO_BASE: Record<string, string> = { fluent: 'peer-fluent' };

// ---------------------------------------------------------------------------------------------
// /proc readings

function procStatus(pid: number): { rssMb: number; hwmMb: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: Number.NaN, hwmMb: Number.NaN };
  }
}

/** utime + stime of a process (its threads included), in ms. */
function cpuMs(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP to the API server (one keep-alive pool for the driver)

let harness: KubeHarness;
let agent: Agent;
/** Requests the driver made to the widgets resource (subtracted from the server's counts). */
let driverRequests = 0;

function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  timeoutMs = 60_000,
): Promise<{ status: number; text: string }> {
  if (path.startsWith(OBJECTS_PATH)) driverRequests++;
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(new URL(path, harness.server), {
      method,
      agent,
      headers: {
        authorization: `Bearer ${harness.token}`,
        accept: path === '/metrics' ? 'text/plain' : 'application/json',
        ...(payload
          ? { 'content-type': contentType, 'content-length': String(payload.length) }
          : {}),
      },
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.end(payload);
  });
}

async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** POST one widget; retried (a 409 after a failed attempt means that attempt created it). */
async function create(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let res: { status: number; text: string };
    try {
      res = await call('POST', OBJECTS_PATH, {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: KIND,
        metadata: { name, namespace: NAMESPACE },
        spec: { size: 1 },
      });
    } catch (error) {
      res = { status: 0, text: (error as Error).message };
    }
    if (res.status === 201 || (res.status === 409 && attempt > 1)) return;
    if (attempt >= 5) throw new Error(`create ${name}: HTTP ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
}

/** A stored object's size and who manages its fields: the work each write costs the server. */
async function describeObject(name: string, id: string): Promise<string> {
  const res = await call('GET', `${OBJECTS_PATH}/${name}`);
  if (res.status !== 200) return `GET ${name}: HTTP ${res.status}`;
  writeFileSync(join(LOG_DIR, `${id}-paused-object.json`), res.text);
  const object = JSON.parse(res.text) as {
    metadata?: { managedFields?: { manager?: string; operation?: string }[] };
  };
  const managed = object.metadata?.managedFields ?? [];
  const managers = managed.map((m) => `${m.manager}/${m.operation}`).join(', ');
  return `${res.text.length} B, ${managed.length} managedFields entries (${managers})`;
}

async function createAll(names: readonly string[]): Promise<void> {
  let created = 0;
  await pool(names, Math.max(BULK_CONCURRENCY, 32), async (name) => {
    await create(name);
    if (++created % 2_000 === 0 && created < names.length) {
      console.error(`[driver] ${created} created`);
    }
  });
}

/**
 * Deletes every widget and Event and creates the widgets again, so that each controller starts
 * from the objects the first one had: without it, a later controller writes objects that still
 * carry the earlier controllers' managedFields entries (bigger objects, more server work per
 * PATCH) next to thousands of their Events.
 */
async function recreate(names: readonly string[], tracker: Tracker): Promise<void> {
  const t0 = performance.now();
  for (const path of [OBJECTS_PATH, `/api/v1/namespaces/${NAMESPACE}/events`]) {
    // Deleting 10,000 objects, or the tens of thousands of Events after them, can outlast the
    // server's own request timeout (504; the deletion goes on): ask again until one completes.
    for (let attempt = 1; ; attempt++) {
      const res = await call('DELETE', path, undefined, undefined, PHASE_TIMEOUT_MS);
      if (res.status === 200) break;
      if (res.status !== 504 || attempt >= 20) {
        throw new Error(`DELETE ${path}: HTTP ${res.status} ${res.text}`);
      }
      console.error(`[driver] DELETE ${path}: 504 (server timeout), asking again`);
    }
  }
  await tracker.until('all objects deleted', () => tracker.state.size === 0);
  await createAll(names);
  await tracker.until('all objects created again', () => tracker.state.size === names.length);
  console.error(
    `[driver] ${names.length} objects and their Events deleted and created again in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function setLabel(name: string, on: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let res: { status: number; text: string };
    try {
      res = await call(
        'PATCH',
        `${OBJECTS_PATH}/${name}`,
        { metadata: { labels: { [LABEL]: on ? 'bench' : null } } },
        'application/merge-patch+json',
      );
    } catch (error) {
      res = { status: 0, text: (error as Error).message }; // a reset connection, a timeout
    }
    if (res.status === 200) return;
    if (attempt >= 5) throw new Error(`label ${name}: HTTP ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 100 * attempt));
  }
}

// ---------------------------------------------------------------------------------------------
// apiserver_request_duration_seconds: where the latency phase spends its time on the server

type ServerTimes = Map<string, { seconds: number; count: number }>;

/** One sample of the API server's `/metrics`: its labels and value. */
interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** The API server's `/metrics` text, read now. */
async function metricsText(): Promise<string> {
  return (await call('GET', '/metrics')).text;
}

/** The samples of metric `name` (`name{...} value` lines) about the widgets and Events. */
function widgetAndEventSamples(text: string, name: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labels = Object.fromEntries(
      [...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    if (labels.resource !== PLURAL && labels.resource !== 'events') continue;
    samples.push({ labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) });
  }
  return samples;
}

/** `VERB resource[/subresource]` of a sample. */
const callOf = (labels: Record<string, string>) =>
  `${labels.verb} ${labels.resource}${labels.subresource ? `/${labels.subresource}` : ''}`;

/** Total server time and count per `VERB resource[/subresource]` of the widgets and Events. */
async function serverTimes(): Promise<ServerTimes> {
  const times: ServerTimes = new Map();
  const entry = (labels: Record<string, string>) => {
    const key = callOf(labels);
    const found = times.get(key) ?? { seconds: 0, count: 0 };
    times.set(key, found);
    return found;
  };
  const text = await metricsText(); // one reading: sums and counts of the same requests
  const metric = 'apiserver_request_duration_seconds';
  for (const { labels, value } of widgetAndEventSamples(text, `${metric}_sum`)) {
    if (labels.verb !== 'WATCH' && labels.verb !== 'LIST') entry(labels).seconds += value;
  }
  for (const { labels, value } of widgetAndEventSamples(text, `${metric}_count`)) {
    if (labels.verb !== 'WATCH' && labels.verb !== 'LIST') entry(labels).count += value;
  }
  return times;
}

/** `PATCH widgets 3.1 ms ×300, ...`: the mean server time of each call between two readings. */
function describeServerTimes(before: ServerTimes, after: ServerTimes): string {
  const parts: string[] = [];
  for (const [key, { seconds, count }] of after) {
    const was = before.get(key) ?? { seconds: 0, count: 0 };
    const n = count - was.count;
    if (n <= 0) continue;
    parts.push(`${key} ${(((seconds - was.seconds) * 1000) / n).toFixed(2)} ms ×${n}`);
  }
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// apiserver_request_total

type Counts = Map<string, number>;

async function requestCounts(): Promise<Counts> {
  const counts: Counts = new Map();
  const text = await metricsText();
  for (const { labels, value } of widgetAndEventSamples(text, 'apiserver_request_total')) {
    const key = `${callOf(labels)} ${labels.code}`;
    counts.set(key, (counts.get(key) ?? 0) + value);
  }
  return counts;
}

/**
 * The request counts once they stop moving (unchanged over 500 ms, at most 30 s): a controller
 * that records Events off its workers' path is still sending some when the objects show Paused.
 */
async function settledCounts(): Promise<Counts> {
  let last = await requestCounts();
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await requestCounts();
    const same = next.size === last.size && [...next].every(([k, v]) => last.get(k) === v);
    last = next;
    if (same) break;
  }
  return last;
}

interface RequestDelta {
  /** All widget + event requests minus the driver's own. */
  total: number;
  statusPatches: number;
  /** Status patches answered 409/422 (the RV test lost). */
  conflicts: number;
  events: number;
  /** GET/LIST/WATCH of widgets (minus the driver's). */
  reads: number;
}

function deltaOf(before: Counts, after: Counts, driver: number): RequestDelta {
  const d: RequestDelta = { total: -driver, statusPatches: 0, conflicts: 0, events: 0, reads: 0 };
  for (const [key, value] of after) {
    const n = value - (before.get(key) ?? 0);
    if (n === 0) continue;
    const [verb, resource, code] = key.split(' ') as [string, string, string];
    d.total += n;
    if (resource === `${PLURAL}/status` && verb === 'PATCH') {
      d.statusPatches += n;
      if (code === '409' || code === '422') d.conflicts += n;
    } else if (resource === 'events') d.events += n;
    else if (resource === PLURAL && verb !== 'PATCH') d.reads += n;
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// The driver's view of the objects: one list + watch, re-opened when it ends

interface ObjectState {
  pausedTrue: boolean;
  hasCondition: boolean;
}

interface Widget {
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string> };
  status?: { conditions?: Array<{ type?: string; status?: string }> };
}

class Tracker {
  readonly state = new Map<string, ObjectState>();
  pausedCount = 0;
  conditionCount = 0;
  /** Times the watch ended and was re-opened (list + watch). */
  reconnects = 0;
  private readonly waiters = new Set<() => void>();
  private resourceVersion = '';
  private current: { destroy(): void } | undefined;
  private closed = false;

  private update(object: Widget, deleted = false, notify = true) {
    const name = object.metadata.name;
    const old = this.state.get(name);
    if (old?.pausedTrue) this.pausedCount--;
    if (old?.hasCondition) this.conditionCount--;
    if (deleted) {
      this.state.delete(name);
    } else {
      const conditions = Array.isArray(object.status?.conditions) ? object.status.conditions : [];
      const mine = conditions.filter((c) => c?.type === CONDITION);
      const next = {
        pausedTrue: mine.some((c) => c.status === 'True'),
        hasCondition: mine.length > 0,
      };
      this.state.set(name, next);
      if (next.pausedTrue) this.pausedCount++;
      if (next.hasCondition) this.conditionCount++;
    }
    if (notify) this.notify();
  }

  private notify() {
    for (const waiter of this.waiters) waiter();
  }

  async open(): Promise<void> {
    const list = await call('GET', OBJECTS_PATH);
    if (list.status !== 200) throw new Error(`list: HTTP ${list.status}`);
    const body = JSON.parse(list.text) as {
      metadata: { resourceVersion: string };
      items: Widget[];
    };
    this.state.clear();
    this.pausedCount = 0;
    this.conditionCount = 0;
    // (waiters are told once the whole list is in: a half-built state must not satisfy them)
    for (const item of body.items) this.update(item, false, false);
    this.notify();
    this.resourceVersion = body.metadata.resourceVersion;
    this.watch();
  }

  private watch() {
    if (this.closed) return;
    driverRequests++;
    const req = request(
      new URL(
        `${OBJECTS_PATH}?watch=1&allowWatchBookmarks=true&resourceVersion=${this.resourceVersion}`,
        harness.server,
      ),
      { headers: { authorization: `Bearer ${harness.token}` }, agent: false, ca: harness.caPem },
    );
    this.current = req;
    let gone = false;
    const reopen = (why: string) => {
      if (this.closed || this.current !== req) return;
      this.current = undefined;
      this.reconnects++;
      if (why !== 'stream ended') console.error(`[driver] watch re-opened: ${why}`);
      // A stream the server ended (its watch timeout, or a watcher it found too slow) resumes
      // from the last resourceVersion seen, as client-go's reflector does; only 410 Gone (or a
      // failed request) re-lists.
      if (why === 'stream ended' && !gone) {
        this.watch();
        return;
      }
      const retry = () => {
        if (!this.closed) this.open().catch(() => setTimeout(retry, 1_000));
      };
      setTimeout(retry, 200);
    };
    req.on('error', (error) => reopen(`request error ${error.message}`));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reopen(`HTTP ${res.statusCode}`);
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        // (one slice per chunk, not per line: a chunk holds many events in the bulk phases)
        let start = 0;
        for (let newline = buffer.indexOf('\n'); newline >= 0; ) {
          const line = buffer.slice(start, newline);
          start = newline + 1;
          newline = buffer.indexOf('\n', start);
          if (!line.trim()) continue;
          const event = JSON.parse(line) as { type: string; object: Widget };
          if (event.type === 'ERROR') {
            gone = true; // 410 Gone (resourceVersion too old): the stream ends, we re-list
            continue;
          }
          this.resourceVersion = event.object.metadata.resourceVersion;
          if (event.type === 'BOOKMARK') continue;
          this.update(event.object, event.type === 'DELETED');
        }
        buffer = buffer.slice(start);
      });
      res.on('end', () => reopen('stream ended'));
      res.on('error', (error) => reopen(`response error ${error.message}`));
    });
    req.end();
  }

  /** Resolves when `predicate` holds (checked now and after every event). */
  until(what: string, predicate: () => boolean, timeoutMs = PHASE_TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close() {
    this.closed = true;
    this.current?.destroy();
  }
}

/** What the server lists now (a check of the tracker's view after each phase). */
async function listed(): Promise<{ labelled: number; paused: number; withCondition: number }> {
  const res = await call('GET', OBJECTS_PATH);
  const items = (JSON.parse(res.text) as { items: Widget[] }).items;
  const mine = (o: Widget) => (o.status?.conditions ?? []).filter((c) => c?.type === CONDITION);
  return {
    labelled: items.filter((o) => o.metadata.labels?.[LABEL] !== undefined).length,
    paused: items.filter((o) => mine(o).some((c) => c.status === 'True')).length,
    withCondition: items.filter((o) => mine(o).length > 0).length,
  };
}

async function check(
  what: string,
  expected: { labelled: number; paused: number; withCondition: number },
) {
  const got = await listed();
  if (
    got.labelled !== expected.labelled ||
    got.paused !== expected.paused ||
    got.withCondition !== expected.withCondition
  ) {
    throw new Error(
      `after ${what} the server lists ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// One controller, alone

interface Child {
  pid: number;
  readyMs: number;
  /** Rejects if the child exits before `stop()` (never resolves). */
  died: Promise<never>;
  stats(): Promise<Record<string, number> | undefined>;
  stop(): Promise<void>;
  stderrTail(): string;
}

/** The child running now (stopped on SIGINT / SIGTERM). */
let current: Child | undefined;

async function startChild(spec: ControllerSpec, kubeconfigPath: string): Promise<Child> {
  const flags = [
    '--kubeconfig',
    kubeconfigPath,
    '--group',
    GROUP,
    '--version',
    VERSION,
    '--plural',
    PLURAL,
    '--namespace',
    NAMESPACE,
    '--label',
    LABEL,
  ];
  // the import-only floor takes no flags; the Go reference has no --kind
  const { file, args: command } = spec.command(
    spec.id.startsWith('client-go') ? flags : [...flags, '--kind', KIND],
  );
  // --cpu-prof: V8's profile of each Node child, written when it exits
  const childArgs =
    args['cpu-prof'] && file === process.execPath
      ? ['--cpu-prof', `--cpu-prof-dir=${join(LOG_DIR, `${spec.id}.cpuprofile`)}`, ...command]
      : command;
  const t0 = performance.now();
  const child = spawn(file, childArgs, {
    cwd: REPO,
    env: { ...process.env, KUBECONFIG: kubeconfigPath },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.id}: spawn failed`);
  let stderr = '';
  const logPath = join(LOG_DIR, `${spec.id}.stderr.log`);
  const logFile = createWriteStream(logPath, { flags: 'a' });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
    logFile.write(chunk);
  });
  let exited = false;
  let stopping = false;
  let exitInfo = '';
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      logFile.end();
      resolve();
    }),
  );
  const died = exit.then(() => {
    if (stopping) return new Promise<never>(() => undefined);
    throw new Error(
      `${spec.id} (pid ${pid}) exited unexpectedly (${exitInfo}); stderr in ${logPath}:\n${stderr.slice(-2_000)}`,
    );
  });
  died.catch(() => undefined);
  const statsWaiters: Array<(s: Record<string, number>) => void> = [];
  let buffer = '';
  let onReady: (() => void) | undefined;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      if (line === 'READY') onReady?.();
      else if (line.startsWith('STATS ')) statsWaiters.shift()?.(JSON.parse(line.slice(6)));
    }
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${spec.id}: no READY within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`${spec.id} exited before READY: ${stderr}`));
    });
  });
  const readyMs = performance.now() - t0;
  current = {
    pid,
    readyMs,
    died,
    stderrTail: () => stderr,
    async stats() {
      if (exited) return undefined;
      const got = new Promise<Record<string, number>>((resolve) => statsWaiters.push(resolve));
      child.stdin.write('stats\n');
      return Promise.race([
        got,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 2_000)),
      ]);
    },
    async stop() {
      stopping = true;
      if (exited) return;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      const killed = await Promise.race([
        exit.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), 10_000)),
      ]);
      if (killed && !exited) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          return;
        }
        await exit;
      }
    },
  };
  return current;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface BulkPhase {
  objects: number;
  seconds: number;
  perSecond: number;
  cpuMsPerTransition: number;
  apiServerCpuMsPerTransition: number;
  requests: RequestDelta;
  requestsPerTransition: number;
  rssMb: number;
  peakRssMb: number;
}

interface ResumePhase {
  seconds: number;
  perSecond: number;
  cpuMsPerTransition: number;
  requestsPerTransition: number;
}

/** One repetition of steps 4-5 (bulk pause, RSS, resume). */
interface BulkRun {
  run: number;
  bulk: BulkPhase;
  resume: ResumePhase;
}

interface Result {
  id: string;
  label: string;
  readyMs: number;
  idleRssMb: number;
  latency: { samples: number; p50: number; p99: number; max: number; cpuMsPerTransition: number };
  /** The first bulk run (`bulkRuns[0].bulk`). */
  bulk: BulkPhase;
  /** The first bulk run (`bulkRuns[0].resume`). */
  resume: ResumePhase;
  /** Every bulk run, `--bulk-runs` of them. */
  bulkRuns: BulkRun[];
  childStats: Record<string, number> | undefined;
  error?: string;
}

async function measure(
  spec: ControllerSpec,
  tracker: Tracker,
  names: readonly string[],
): Promise<Result> {
  await tracker.until('a clean start (no label effects left)', () => tracker.conditionCount === 0);
  const child = await startChild(spec, harness.kubeconfigPath);
  const log = (msg: string) => console.error(`[${spec.id}] ${msg}`);
  const alive = <T>(wait: Promise<T>) => Promise.race([wait, child.died]);
  try {
    log(`ready in ${child.readyMs.toFixed(0)} ms (pid ${child.pid})`);
    await new Promise((r) => setTimeout(r, 1_000));
    const idleRssMb = procStatus(child.pid).rssMb;

    // latency: one object at a time
    const sample = names.slice(0, M);
    const latencies: number[] = [];
    const latencyCpu0 = cpuMs(child.pid);
    const latencyServer0 = await serverTimes();
    for (const name of sample) {
      const t0 = performance.now();
      await setLabel(name, true);
      await alive(
        tracker.until(`${name} Paused`, () => tracker.state.get(name)?.pausedTrue === true, 30_000),
      );
      latencies.push(performance.now() - t0);
    }
    const latencyCpu = (cpuMs(child.pid) - latencyCpu0) / sample.length;
    latencies.sort((a, b) => a - b);
    const latencyServer = describeServerTimes(latencyServer0, await serverTimes());
    log(`latency phase, mean server time per call: ${latencyServer}`);
    const objectShape = await describeObject(sample[0] as string, spec.id);
    log(`a paused object: ${objectShape}`);
    log(
      `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    await pool(sample, BULK_CONCURRENCY, (name) => setLabel(name, false));
    await alive(tracker.until('latency sample reset', () => tracker.conditionCount === 0));
    await new Promise((r) => setTimeout(r, 500)); // the reset's late writes (Events) settle

    const bulkRuns: BulkRun[] = [];
    for (let run = 1; run <= BULK_RUNS; run++) {
      const which = BULK_RUNS > 1 ? ` (run ${run}/${BULK_RUNS})` : '';

      // bulk: label all N, `--concurrency` patches in flight
      const counts0 = await requestCounts();
      let driver0 = driverRequests;
      let cpu0 = cpuMs(child.pid);
      let api0 = cpuMs(harness.pids.apiServer);
      let t0 = performance.now();
      await pool(names, BULK_CONCURRENCY, (name) => setLabel(name, true));
      await alive(tracker.until('all Paused', () => tracker.pausedCount === names.length));
      const bulkSeconds = (performance.now() - t0) / 1000;
      const bulkCpu = (cpuMs(child.pid) - cpu0) / names.length;
      const bulkApiCpu = (cpuMs(harness.pids.apiServer) - api0) / names.length;
      const afterBulk = procStatus(child.pid);
      // Late writes (Events recorded in the background) land in the counts.
      const requests = deltaOf(counts0, await settledCounts(), driverRequests - driver0);
      await check(`bulk pause${which}`, {
        labelled: names.length,
        paused: names.length,
        withCondition: names.length,
      });
      log(
        `bulk${which} ${names.length} in ${bulkSeconds.toFixed(2)} s, RSS ${afterBulk.rssMb.toFixed(0)} MB`,
      );

      // resume: unlabel all N
      const counts1 = await requestCounts();
      driver0 = driverRequests;
      cpu0 = cpuMs(child.pid);
      api0 = cpuMs(harness.pids.apiServer);
      t0 = performance.now();
      await pool(names, BULK_CONCURRENCY, (name) => setLabel(name, false));
      await alive(tracker.until('all resumed', () => tracker.conditionCount === 0));
      const resumeSeconds = (performance.now() - t0) / 1000;
      await check(`resume${which}`, { labelled: 0, paused: 0, withCondition: 0 });
      log(
        `resume${which} ${names.length} in ${resumeSeconds.toFixed(2)} s (driver's watch re-opened ${tracker.reconnects} times so far)`,
      );
      const resumeCpu = (cpuMs(child.pid) - cpu0) / names.length;
      const resumeRequests = deltaOf(counts1, await settledCounts(), driverRequests - driver0);
      bulkRuns.push({
        run,
        bulk: {
          objects: names.length,
          seconds: bulkSeconds,
          perSecond: names.length / bulkSeconds,
          cpuMsPerTransition: bulkCpu,
          apiServerCpuMsPerTransition: bulkApiCpu,
          requests,
          requestsPerTransition: requests.total / names.length,
          rssMb: afterBulk.rssMb,
          peakRssMb: afterBulk.hwmMb,
        },
        resume: {
          seconds: resumeSeconds,
          perSecond: names.length / resumeSeconds,
          cpuMsPerTransition: resumeCpu,
          requestsPerTransition: resumeRequests.total / names.length,
        },
      });
    }
    const childStats = await child.stats();
    const first = bulkRuns[0] as BulkRun;
    return {
      id: spec.id,
      label: spec.label,
      readyMs: child.readyMs,
      idleRssMb,
      latency: {
        samples: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? Number.NaN,
        cpuMsPerTransition: latencyCpu,
      },
      bulk: first.bulk,
      resume: first.resume,
      bulkRuns,
      childStats,
    };
  } catch (error) {
    log(`FAILED: ${(error as Error).message}\n${child.stderrTail()}`);
    throw error;
  } finally {
    await child.stop();
  }
}

interface Floors {
  /** A bare `node` process (nothing imported). */
  bareMb: number;
  /** A `node` process that only imports `@kubernetes/client-node` (from a .ts file, as the children). */
  importOnlyMb: number;
  /** A `node` process that only imports `kubernetes-fluent-client` (from a .ts file). */
  importOnlyFluentMb: number;
}

/** RSS of the Node floors, each read 1 s after its READY line. */
async function floors(): Promise<Floors> {
  const rssOf = async (args: string[]) => {
    const spec: ControllerSpec = {
      id: 'floor',
      label: 'floor',
      command: () => ({ file: process.execPath, args }),
    };
    const child = await startChild(spec, harness.kubeconfigPath);
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      return procStatus(child.pid).rssMb;
    } finally {
      await child.stop();
    }
  };
  const bareMb = await rssOf([
    '-e',
    "process.stdout.write('READY\\n'); setInterval(() => {}, 1e6); process.on('SIGTERM', () => process.exit(0));",
  ]);
  const importOnlyMb = await rssOf([
    '--conditions=dev-source',
    join(HERE, 'controllers', 'import-only.ts'),
  ]);
  const importOnlyFluentMb = await rssOf([
    '--conditions=dev-source',
    join(HERE, 'controllers', 'import-only-fluent.ts'),
  ]);
  return { bareMb, importOnlyMb, importOnlyFluentMb };
}

// ---------------------------------------------------------------------------------------------
// Output

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '—');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');

/** ` (1.7×)`: `value` as a multiple of client-go's. */
function ratio(value: number, base: number | undefined): string {
  if (base === undefined || !Number.isFinite(value) || !Number.isFinite(base) || base === 0)
    return '';
  const r = value / base;
  return ` (${r.toFixed(r >= 10 ? 0 : 1)}×)`;
}

function table(results: Result[], floor: Floors): string {
  const clientGo = results.find((r) => r.id === 'client-go');
  const rows = [
    '| controller | label → Paused p50 / p99 (ms) | bulk pause (objects/s) | resume (objects/s) | RSS after bulk (MB) | CPU ms / transition (bulk) | API requests / transition | status patches (conflicts) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const b = r.bulk;
    const other = RATIO_BASE[r.id];
    const otherBase = other === undefined ? undefined : results.find((x) => x.id === other);
    const base = otherBase ?? clientGo;
    const label = otherBase ? `${r.label} — **× vs \`${other}\`**` : r.label;
    rows.push(
      `| ${label} | ${f1(r.latency.p50)}${ratio(r.latency.p50, base?.latency.p50)} / ${f1(r.latency.p99)}${ratio(r.latency.p99, base?.latency.p99)} | ${f0(b.perSecond)}${ratio(b.perSecond, base?.bulk.perSecond)} | ${f0(r.resume.perSecond)}${ratio(r.resume.perSecond, base?.resume.perSecond)} | ${f0(b.rssMb)}${ratio(b.rssMb, base?.bulk.rssMb)} | ${f2(b.cpuMsPerTransition)}${ratio(b.cpuMsPerTransition, base?.bulk.cpuMsPerTransition)} | ${f2(b.requestsPerTransition)} | ${b.requests.statusPatches} (${b.requests.conflicts}) |`,
    );
  }
  return [
    `${N} objects, ${M} latency samples, bulk labelling ${BULK_CONCURRENCY} patches in flight; ratios (×) are against client-go's value, except in the row marked "× vs \`peer-fluent\`" (\`fluent\`: against the plain kfc controller).${BULK_RUNS > 1 ? ` Bulk columns: the first of ${BULK_RUNS} bulk runs.` : ''}`,
    '',
    ...rows,
    '',
    `Floors: a bare \`node\` process ${f0(floor.bareMb)} MB RSS; one that only imports \`@kubernetes/client-node\` ${f0(floor.importOnlyMb)} MB; one that only imports \`kubernetes-fluent-client\` ${f0(floor.importOnlyFluentMb)} MB.`,
  ].join('\n');
}

/** RSS after each bulk run, its growth, and each run's bulk rate (only when `--bulk-runs` > 1). */
function runsTable(results: Result[]): string {
  const runs = Array.from({ length: BULK_RUNS }, (_, i) => i + 1);
  const rows = [
    `| controller | ${runs.map((k) => `RSS run ${k}`).join(' | ')} | growth last − first | ${runs.map((k) => `bulk objects/s run ${k}`).join(' | ')} |`,
    `|---|${runs.map(() => '---|').join('')}---|${runs.map(() => '---|').join('')}`,
  ];
  for (const r of results) {
    const rss = r.bulkRuns.map((x) => x.bulk.rssMb);
    const growth = (rss.at(-1) ?? Number.NaN) - (rss[0] ?? Number.NaN);
    rows.push(
      `| ${r.id} | ${rss.map(f1).join(' | ')} | ${growth >= 0 ? '+' : ''}${f1(growth)} | ${r.bulkRuns.map((x) => f0(x.bulk.perSecond)).join(' | ')} |`,
    );
  }
  return rows.join('\n');
}

/**
 * Issue 14's targets, per Node controller of this project, as ratios against a reference row:
 * `client-go` (the targets' reference) and, when it ran, `client-go-events` (the same loop
 * recording an Event per transition, as ours does). RSS: ours minus the import-only floor of
 * its client library, over the reference's whole RSS.
 */
function targetsTable(results: Result[], floor: Floors): string {
  const ours = results.filter((r) => r.id.startsWith('pause-') || r.id === 'fluent');
  const references = ['client-go', 'client-go-events']
    .map((id) => results.find((r) => r.id === id))
    .filter((r): r is Result => r !== undefined);
  const rows = [
    '| controller | against | p50 (≤ 1.0×) | p99 (≤ 1.3×) | bulk objects/s (≥ 1.5×) | CPU / transition (≤ 1.5×) | RSS − floor (≤ 1.0×) | RSS growth over bulk runs (MB) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const x = (value: number, base: number) =>
    Number.isFinite(value) && Number.isFinite(base) && base !== 0
      ? `${(value / base).toFixed(2)}×`
      : '—';
  for (const r of ours) {
    const floorMb = r.id === 'fluent' ? floor.importOnlyFluentMb : floor.importOnlyMb;
    const rss = r.bulkRuns.map((run) => run.bulk.rssMb);
    const growth = rss.length > 1 ? (rss.at(-1) as number) - (rss[0] as number) : Number.NaN;
    for (const ref of references) {
      rows.push(
        `| ${r.id} | ${ref.id} | ${x(r.latency.p50, ref.latency.p50)} | ${x(r.latency.p99, ref.latency.p99)} | ${x(r.bulk.perSecond, ref.bulk.perSecond)} | ${x(r.bulk.cpuMsPerTransition, ref.bulk.cpuMsPerTransition)} | ${x(r.bulk.rssMb - floorMb, ref.bulk.rssMb)} | ${Number.isFinite(growth) ? `${growth >= 0 ? '+' : ''}${f1(growth)}` : '—'} |`,
      );
    }
  }
  return rows.join('\n');
}

function details(results: Result[]): string {
  const rows = [
    '| controller | ready (ms) | idle RSS (MB) | peak RSS (MB) | latency max (ms) | CPU ms / transition (latency phase) | apiserver CPU ms / transition (bulk) | Events / transition | reads during bulk | resume requests / transition |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    rows.push(
      `| ${r.id} | ${f0(r.readyMs)} | ${f0(r.idleRssMb)} | ${f0(r.bulk.peakRssMb)} | ${f1(r.latency.max)} | ${f2(r.latency.cpuMsPerTransition)} | ${f2(r.bulk.apiServerCpuMsPerTransition)} | ${f2(r.bulk.requests.events / r.bulk.objects)} | ${r.bulk.requests.reads} | ${f2(r.resume.requestsPerTransition)} |`,
    );
  }
  return rows.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function ensureReference(): Promise<void> {
  const script = join(REPO, 'tooling', 'kube-harness', 'scripts', 'build-reference-controller.sh');
  execFileSync(script, [cacheDir()], { stdio: ['ignore', 'inherit', 'inherit'] });
}

async function main(): Promise<number> {
  const only = args.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((id) => !CONTROLLERS.some((c) => c.id === id)) ?? [];
  if (unknown.length) {
    console.error(
      `unknown controller(s): ${unknown.join(', ')}; known: ${CONTROLLERS.map((c) => c.id).join(', ')}`,
    );
    return 2;
  }
  const selected = CONTROLLERS.filter((c) => !only || only.includes(c.id));
  if (selected.some((c) => c.id.startsWith('client-go'))) await ensureReference();

  harness = await start({ ignoreExternal: true, users: [] });
  agent = new Agent({ keepAlive: true, maxSockets: BULK_CONCURRENCY + 4, ca: harness.caPem });
  const tracker = new Tracker();
  const results: Result[] = [];
  const failures: string[] = [];
  try {
    await installCrd(
      harness.endpoint(),
      testCrd({ group: GROUP, kind: KIND, plural: PLURAL, conditions: 'free' }),
    );
    const names = Array.from({ length: N }, (_, i) => `w-${String(i).padStart(5, '0')}`);
    const t0 = performance.now();
    await createAll(names);
    console.error(
      `kube-apiserver ${harness.server} (pid ${harness.pids.apiServer}), ${N} objects created in ${((performance.now() - t0) / 1000).toFixed(1)} s; Node ${process.version}; children's stderr in ${LOG_DIR}`,
    );
    await tracker.open();
    const floor = await floors();
    for (const [index, spec] of selected.entries()) {
      if (index > 0) {
        // a clean slate for the next one, also after a failed row
        try {
          await recreate(names, tracker);
        } catch (error) {
          failures.push(
            `objects not created again before ${spec.id}, bench stopped: ${(error as Error).message}`,
          );
          break;
        }
      }
      try {
        results.push(await measure(spec, tracker, names));
      } catch (error) {
        failures.push(`${spec.id}: ${(error as Error).message}`);
      }
    }
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(
      `\n### Controller bench (${new Date().toISOString().slice(0, 10)}, load average ${load})\n`,
    );
    console.log(table(results, floor));
    if (BULK_RUNS > 1) {
      console.log('\nRSS after each bulk run (MB):\n');
      console.log(runsTable(results));
    }
    if (results.some((r) => r.id.startsWith('client-go'))) {
      console.log("\nIssue 14's targets (ratios of ours to the reference row):\n");
      console.log(targetsTable(results, floor));
    }
    console.log('\nDetails:\n');
    console.log(details(results));
    if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
    if (args.json) {
      writeFileSync(
        args.json,
        `${JSON.stringify({ objects: N, latencySamples: M, bulkRuns: BULK_RUNS, floor, results, failures }, null, 2)}\n`,
      );
    }
    return failures.length ? 1 : 0;
  } finally {
    tracker.close();
    agent.destroy();
    await harness.stop();
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`${signal}: stopping the controller and the servers`);
    void (async () => {
      await current?.stop();
      await (harness as KubeHarness | undefined)?.stop();
      process.exit(130);
    })();
  });
}

process.exitCode = await main();
