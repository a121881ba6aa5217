/**
 * deploy/*.yaml on a real kube-apiserver, and the operator running with nothing but the
 * ServiceAccount's token: the manifests pass a server-side dry run and apply; the whole story
 * (reconcile, pause by label, resume, self-pause, expiry, a lost race) runs under leader
 * election with no 403; then every verb of every rule of the Role and ClusterRole is removed in
 * turn and the step that needs it fails with the server's 403 naming that verb and resource.
 *
 * The operator is `src/main.ts` run as a process (as the image runs dist/main.js), with a
 * kubeconfig that holds only the token, through a pass-through fault proxy (used once, to make a
 * write lose a race and exercise the GET that follows it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventually,
  type FaultProxy,
  type KubeEndpoint,
  type KubeResponse,
  kubeRequest,
  startFaultProxy,
} from '@pause/kube-harness';
import type {} from '@pause/kube-harness/vitest-global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createWidgetOperator } from '../../src/cluster-mode.ts';
import { parseOperatorFlags } from '../../src/operator-flags.ts';
import { PAUSE_LABEL, REASON_ANNOTATION, UNTIL_ANNOTATION } from '../../src/pause-policy.ts';
import { WIDGET } from '../../src/widget.ts';

/** Polls until `probe` gives something other than `undefined` / `false` (no timed assertion: the timeout only ends a stuck wait). */
const waitFor = <T>(
  what: string,
  probe: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs = 90_000,
): Promise<T> =>
  eventually(
    what,
    async () => {
      const value = await probe();
      return value === false ? undefined : value;
    },
    timeoutMs,
    50,
  );

const kube = inject('kube');
if (!kube.available) throw new Error(kube.reason);

/** Namespace of this file's Widgets (the cluster is shared by every test file of the run). */
const NS = 'deploy-rbac-it';
const SYSTEM_NS = 'widget-system';
const SA = 'widget-operator';
const SA_USER = `system:serviceaccount:${SYSTEM_NS}:${SA}`;
const LEASE = 'widget-operator';
const OWNER_ID = 'widget-operator';
const MANAGER = 'deploy-rbac-test';
const appDir = new URL('../../', import.meta.url).pathname;
const admin: KubeEndpoint = { server: kube.server, caPem: kube.caPem, token: kube.token };

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const manifest = (file: string): Obj[] =>
  parseAllDocuments(readFileSync(new URL(`../../deploy/${file}`, import.meta.url), 'utf8'))
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);

const crd = manifest('crd.yaml')[0] as Obj;
const namespaceDocs = manifest('namespace.yaml');
const rbacDocs = manifest('rbac.yaml');
const deploymentDocs = manifest('deployment.yaml');
const shardingDocs = manifest('examples/sharding.yaml');

type DeploymentSpec = {
  spec: {
    replicas: number;
    template: {
      spec: {
        serviceAccountName: string;
        terminationGracePeriodSeconds: number;
        containers: Array<{ args: string[]; securityContext: Record<string, unknown> }>;
      };
    };
  };
};

const PLURALS: Record<string, string> = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  Deployment: 'deployments',
  CustomResourceDefinition: 'customresourcedefinitions',
  Lease: 'leases',
};

function pathOf(o: Obj): string {
  const plural = PLURALS[o.kind];
  if (!plural) throw new Error(`no REST path known for kind ${o.kind}`);
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : '';
  return `${base}${ns}/${plural}/${o.metadata.name}`;
}

function must<T>(what: string, res: KubeResponse<T>, ...ok: number[]): T {
  if (!ok.includes(res.status)) throw new Error(`${what}: HTTP ${res.status}: ${res.text}`);
  return res.body;
}

/** `kubectl apply --server-side [--dry-run=server]` of one object, as the cluster admin. */
async function apply(o: Obj, dryRun = false): Promise<Obj> {
  const res = await kubeRequest<Obj>(admin, {
    method: 'PATCH',
    path: `${pathOf(o)}?fieldManager=${MANAGER}&force=true${dryRun ? '&dryRun=All' : ''}`,
    body: o,
    contentType: 'application/apply-patch+yaml',
  });
  return must(`apply${dryRun ? ' (dry run)' : ''} ${o.kind} ${o.metadata.name}`, res, 200, 201);
}

const widgetPath = (name = '') =>
  `/apis/${WIDGET.group}/${WIDGET.version}/namespaces/${NS}/${WIDGET.plural}${name ? `/${name}` : ''}`;
type StoredWidget = Obj & {
  metadata: { labels?: Record<string, string> };
  status?: {
    conditions?: Array<{ type: string; status: string; reason: string; message: string }>;
  };
};

async function createWidget(
  name: string,
  replicas: number,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
) {
  must(
    `create Widget ${name}`,
    await kubeRequest(admin, {
      method: 'POST',
      path: widgetPath(),
      body: {
        apiVersion: WIDGET.apiVersion,
        kind: WIDGET.kind,
        metadata: { name, labels, annotations },
        spec: { replicas },
      },
    }),
    201,
  );
}
async function patchWidget(name: string, body: object) {
  must(
    `patch Widget ${name}`,
    await kubeRequest(admin, {
      method: 'PATCH',
      path: widgetPath(name),
      body,
      contentType: 'application/merge-patch+json',
    }),
    200,
  );
}
async function getWidget(name: string): Promise<StoredWidget> {
  return must(
    `get Widget ${name}`,
    await kubeRequest<StoredWidget>(admin, { path: widgetPath(name) }),
    200,
  );
}
const conditionOf = async (name: string, type: string) =>
  (await getWidget(name)).status?.conditions?.find((c) => c.type === type);

async function eventReasons(name: string): Promise<string[]> {
  const list = must(
    'list Events',
    await kubeRequest<{ items: Array<{ reason: string; involvedObject: { name: string } }> }>(
      admin,
      {
        path: `/api/v1/namespaces/${NS}/events?fieldSelector=involvedObject.name%3D${name}`,
      },
    ),
    200,
  );
  return list.items.map((e) => e.reason);
}

/** Asks the server, with the ServiceAccount's own token, whether it may do this. */
async function mayI(
  token: string,
  attrs: {
    group: string;
    resource: string;
    subresource?: string;
    verb: string;
    namespace?: string;
  },
): Promise<boolean> {
  const review = must(
    'SelfSubjectAccessReview',
    await kubeRequest<{ status: { allowed: boolean } }>(admin, {
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      token,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: attrs },
      },
    }),
    201,
  );
  return review.status.allowed;
}

/** One verb of one rule of the manifest's Roles / ClusterRoles. */
interface Grant {
  role: string;
  group: string;
  resource: string;
  verb: string;
  /** Namespace a Role's grant applies in (a ClusterRole's: any). */
  namespace?: string;
}
const grantName = (g: Grant) =>
  `${g.verb} ${g.resource}${g.group ? `.${g.group}` : ''} (${g.role})`;

function grantsOf(docs: Obj[]): Grant[] {
  return docs
    .filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')
    .flatMap((o) =>
      (o.rules as Rule[]).flatMap((rule) =>
        rule.apiGroups.flatMap((group) =>
          rule.resources.flatMap((resource) =>
            rule.verbs.map((verb) => ({
              role: `${o.kind}/${o.metadata.name}`,
              group,
              resource,
              verb,
              ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
            })),
          ),
        ),
      ),
    );
}

/** rbac.yaml without one verb (a rule left with no verb is dropped). */
function rbacWithout(grant: Grant): Obj[] {
  return rbacDocs.map((o) => {
    if (`${o.kind}/${o.metadata.name}` !== grant.role) return o;
    const rules = (o.rules as Rule[])
      .flatMap((rule): Rule[] => {
        if (!rule.apiGroups.includes(grant.group) || !rule.resources.includes(grant.resource)) {
          return [rule];
        }
        // Split the rule so only this (group, resource, verb) goes.
        const others = rule.resources.filter((r) => r !== grant.resource);
        const kept: Rule[] = [
          {
            ...rule,
            resources: [grant.resource],
            verbs: rule.verbs.filter((v) => v !== grant.verb),
          },
        ];
        if (others.length > 0) kept.push({ ...rule, resources: others });
        return kept;
      })
      .filter((rule) => rule.verbs.length > 0);
    return { ...o, rules };
  });
}

const attrsOf = (g: Grant) => {
  const [resource, subresource] = g.resource.split('/') as [string, string?];
  return {
    group: g.group,
    resource,
    ...(subresource ? { subresource } : {}),
    verb: g.verb,
    namespace: g.namespace ?? NS,
  };
};

/** The operator as a process: src/main.ts, flags as in deploy/deployment.yaml. */
interface OperatorProcess {
  readonly child: ChildProcess;
  /** stdout and stderr lines, in order. */
  readonly lines: string[];
  /** The JSON lines of stdout. */
  readonly entries: Array<Record<string, unknown>>;
  /** Every line as text: a JSON line's values joined (so quotes in messages read as such). */
  texts(): string[];
  stop(): Promise<void>;
}
const running = new Set<ChildProcess>();

/**
 * A log entry as text: its values joined, with the escaping of quoted JSON bodies undone
 * (client-node's ApiException carries the server's Status as an escaped JSON string).
 */
function textOf(entry: Record<string, unknown>): string {
  return Object.values(entry)
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    .join(' ')
    .replace(/\\+"/g, '"');
}

function startOperator(kubeconfigFile: string, podName: string): OperatorProcess {
  const child = spawn(
    process.execPath,
    [
      '--conditions=dev-source',
      'src/main.ts',
      '--kubeconfig',
      kubeconfigFile,
      '--leader-elect',
      '--leader-election-namespace',
      SYSTEM_NS,
      '--lease-name',
      LEASE,
      '--owner-id',
      OWNER_ID,
      '--http-address',
      '127.0.0.1:0',
      '--shutdown-timeout-ms',
      '5000',
    ],
    {
      cwd: appDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, POD_NAME: podName },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  const lines: string[] = [];
  const entries: Array<Record<string, unknown>> = [];
  const reader = (stream: NodeJS.ReadableStream, json: boolean) => {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (!json) continue;
        try {
          entries.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a JSON line
        }
      }
    });
  };
  reader(child.stdout as NodeJS.ReadableStream, true);
  reader(child.stderr as NodeJS.ReadableStream, false);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    entries,
    texts: () =>
      lines.map((line) => {
        try {
          return textOf(JSON.parse(line) as Record<string, unknown>);
        } catch {
          return line;
        }
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
      }
      running.delete(child);
    },
  };
}

/**
 * The same operator in this process (`createWidgetOperator` of src/cluster-mode.ts), for the
 * informer's verbs: a failed list or watch restarts the informer and reaches only the
 * `onInformerRestart` metrics hook, which the process does not log; here the hook's errors
 * are lines like the log's.
 */
function startInProcess(kubeconfigFile: string): Omit<OperatorProcess, 'child'> {
  const lines: string[] = [];
  const entries: Array<Record<string, unknown>> = [];
  const log = (entry: Record<string, unknown>) => {
    entries.push(entry);
    lines.push(JSON.stringify(entry));
  };
  const controller = createWidgetOperator({
    kubeconfig: kubeconfigFile,
    ownerId: OWNER_ID,
    log,
    metrics: {
      onInformerRestart: (error) =>
        log({
          level: 'error',
          msg: 'informer restart',
          error: error instanceof Error ? error.message : String(error),
        }),
    },
  });
  const started = controller.start().then(
    () => log({ msg: 'synced' }),
    (error: unknown) => log({ level: 'error', error: String(error) }),
  );
  return {
    lines,
    entries,
    texts: () => entries.map(textOf),
    async stop() {
      await controller.stop({ timeoutMs: 5000 });
      await started;
    },
  };
}

const output = (op: Pick<OperatorProcess, 'lines'>) =>
  `--- operator output ---\n${op.lines.join('\n')}`;

describe('deploy/ on a real kube-apiserver, run with only the ServiceAccount token', () => {
  let work: string;
  let proxy: FaultProxy;
  let token: string;
  let kubeconfigFile: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'deploy-rbac-'));
    const res = await kubeRequest(admin, {
      method: 'POST',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      body: crd,
    });
    // Another file of the run may have created it already.
    must('create the Widget CRD', res, 201, 409);
    await waitFor('the Widget CRD to be established', async () => {
      const stored = must(
        'get CRD',
        await kubeRequest<{ status?: { conditions?: Array<{ type: string; status: string }> } }>(
          admin,
          { path: pathOf(crd) },
        ),
        200,
      );
      return stored.status?.conditions?.some(
        (c) => c.type === 'Established' && c.status === 'True',
      );
    });
    must(
      `create namespace ${NS}`,
      await kubeRequest(admin, {
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      }),
      201,
      409,
    );
    proxy = await startFaultProxy({ target: kube.server, targetCaPem: kube.caPem });
  });

  afterAll(async () => {
    for (const child of running) if (child.pid) process.kill(child.pid, 'SIGKILL');
    await proxy?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the Deployments' args are flags the operator accepts, with the downward API's env", () => {
    const argsOf = (o: Obj) =>
      ((o as unknown as DeploymentSpec).spec.template.spec.containers[0] as { args: string[] })
        .args;
    const env = { POD_NAMESPACE: SYSTEM_NS, POD_NAME: 'widget-operator-7d9f-abcde' };
    const main = parseOperatorFlags(argsOf(deploymentDocs[0] as Obj), env);
    expect(main).toMatchObject({
      mode: 'cluster',
      options: {
        leaderElection: { leaseName: LEASE, leaseNamespace: SYSTEM_NS, identity: env.POD_NAME },
        http: { host: '0.0.0.0', port: 8080 },
        shutdownTimeoutMs: 20_000,
      },
    });
    expect(main.mode === 'cluster' && main.options.kubeconfig).toBeFalsy(); // in-cluster
    const shard = parseOperatorFlags(argsOf(shardingDocs[0] as Obj), env);
    expect(shard).toMatchObject({
      mode: 'cluster',
      options: {
        labelSelector: 'shard=b',
        leaderElection: { leaseName: 'widget-operator-shard-b', leaseNamespace: SYSTEM_NS },
      },
    });
  });

  it('the manifests pass a server-side dry run, then apply (the Deployment too)', async () => {
    // The Namespace first: the server checks namespaced objects against an existing namespace.
    for (const o of namespaceDocs) await apply(o, true);
    for (const o of namespaceDocs) await apply(o);
    const rest = [...rbacDocs, ...deploymentDocs];
    for (const o of rest) {
      const dry = await apply(o, true);
      expect(dry.metadata.name).toBe(o.metadata.name);
    }
    for (const o of rest) await apply(o);

    // The sharding example is valid too (dry run only: it is not applied by default).
    for (const o of shardingDocs) await apply(o, true);

    const deployment = must(
      'get Deployment',
      await kubeRequest<DeploymentSpec>(admin, { path: pathOf(deploymentDocs[0] as Obj) }),
      200,
    );
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe(SA);
    const container = pod.containers[0] as (typeof pod.containers)[number];
    expect(container.args).toContain('--leader-elect');
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    const shutdownMs = Number(
      container.args.find((a) => a.startsWith('--shutdown-timeout-ms='))?.split('=')[1],
    );
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(shutdownMs);

    // A token for the ServiceAccount (TokenRequest: no controller-manager needed).
    const request = must(
      'TokenRequest',
      await kubeRequest<{ status: { token: string } }>(admin, {
        method: 'POST',
        path: `/api/v1/namespaces/${SYSTEM_NS}/serviceaccounts/${SA}/token`,
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds: 3600 },
        },
      }),
      201,
    );
    token = request.status.token;
    kubeconfigFile = join(work, 'kubeconfig');
    writeFileSync(
      kubeconfigFile,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'it',
            cluster: {
              server: proxy.url,
              'certificate-authority-data': Buffer.from(proxy.caPem).toString('base64'),
            },
          },
        ],
        users: [{ name: SA, user: { token } }],
        contexts: [{ name: SA, context: { cluster: 'it', user: SA } }],
        'current-context': SA,
      }),
    );
    // Every grant of the manifest is in effect for that token.
    for (const grant of grantsOf(rbacDocs)) {
      await waitFor(`the ServiceAccount may ${grantName(grant)}`, () =>
        mayI(token, attrsOf(grant)),
      );
    }
  });

  it('the whole story runs with the token alone, as the leader, with no 403', async () => {
    expect(token, 'the previous test applies the manifests and makes the token').toBeDefined();
    const op = startOperator(kubeconfigFile, 'story-replica');
    try {
      await waitFor('the operator to hold the Lease', async () => {
        const lease = await kubeRequest<{ spec?: { holderIdentity?: string } }>(admin, {
          path: `/apis/coordination.k8s.io/v1/namespaces/${SYSTEM_NS}/leases/${LEASE}`,
        });
        return lease.body?.spec?.holderIdentity === 'story-replica';
      });

      // Reconciles.
      await createWidget('story', 3);
      await waitFor('Ready for 3 replicas', async () =>
        (await conditionOf('story', 'Ready'))?.message.startsWith('3 replica'),
      );
      // A person pauses it with the label and a reason.
      await patchWidget('story', {
        metadata: {
          labels: { [PAUSE_LABEL]: 'alice' },
          annotations: { [REASON_ANNOTATION]: 'incident 4711' },
        },
      });
      const paused = await waitFor('Paused=True', () => conditionOf('story', 'Paused'));
      expect(paused).toMatchObject({ status: 'True', reason: 'PausedByLabel' });
      await waitFor('a Paused Event', async () => (await eventReasons('story')).includes('Paused'));
      // Resumes when the label goes.
      await patchWidget('story', {
        spec: { replicas: 5 },
        metadata: { labels: { [PAUSE_LABEL]: null }, annotations: { [REASON_ANNOTATION]: null } },
      });
      await waitFor('Ready for 5 replicas', async () =>
        (await conditionOf('story', 'Ready'))?.message.startsWith('5 replica'),
      );
      expect(await conditionOf('story', 'Paused')).toBeUndefined();
      await waitFor('a Resumed Event', async () =>
        (await eventReasons('story')).includes('Resumed'),
      );
      // Self-pause: more replicas than the operator may run.
      await patchWidget('story', { spec: { replicas: 50 } });
      const selfPaused = await waitFor('self-pause', async () => {
        const c = await conditionOf('story', 'Paused');
        return c?.reason === 'PausedByController' ? c : undefined;
      });
      expect(selfPaused.message).toContain('TooManyReplicas');
      expect((await getWidget('story')).metadata.labels?.[PAUSE_LABEL]).toBe(OWNER_ID);
      await waitFor('a PausedByController Event', async () =>
        (await eventReasons('story')).includes('PausedByController'),
      );
      await patchWidget('story', {
        spec: { replicas: 8 },
        metadata: { labels: { [PAUSE_LABEL]: null } },
      });
      await waitFor('Ready for 8 replicas', async () =>
        (await conditionOf('story', 'Ready'))?.message.startsWith('8 replica'),
      );
      // A pause with an `until` lifts itself.
      const until = `${new Date(Date.now() + 3000).toISOString().slice(0, 19)}Z`;
      await patchWidget('story', {
        spec: { replicas: 9 },
        metadata: { labels: { [PAUSE_LABEL]: 'bob' }, annotations: { [UNTIL_ANNOTATION]: until } },
      });
      await waitFor('a PauseExpired Event', async () =>
        (await eventReasons('story')).includes('PauseExpired'),
      );
      await waitFor('Ready for 9 replicas after the expiry', async () =>
        (await conditionOf('story', 'Ready'))?.message.startsWith('9 replica'),
      );
      expect(await conditionOf('story', 'Paused')).toBeUndefined();
      // A lost race on a pause write: the operator GETs the Widget again and the pause lands.
      proxy.failNext(
        { method: 'PATCH', path: `${widgetPath('raced')}/status` },
        { kind: 'status', statusCode: 409, message: 'the object has been modified' },
      );
      const faultedBefore = proxy.stats().faulted;
      await createWidget('raced', 1, { [PAUSE_LABEL]: 'carol' });
      await waitFor(
        'Paused=True on raced',
        async () => (await conditionOf('raced', 'Paused'))?.status === 'True',
      );
      expect(proxy.stats().faulted).toBe(faultedBefore + 1);

      const forbidden = op.lines.filter((l) => /forbidden|\b403\b/i.test(l));
      expect(forbidden, output(op)).toEqual([]);
      expect(
        op.entries.filter((e) => e.level === 'error'),
        output(op),
      ).toEqual([]);
    } finally {
      await op.stop();
    }
  }, 300_000);

  /** How to make the operator use one grant, before and after it starts. */
  interface Step {
    /** Run the operator in this process (the informer's failures are not logged by the process). */
    inProcess?: boolean;
    /** Before the operator starts (e.g. the Lease's state). */
    before?: () => Promise<void>;
    /** With the operator running. */
    drive?: () => Promise<void>;
    /**
     * The line that shows the 403, when it cannot be the server's message naming the verb and
     * resource. Default: the line with `cannot <verb> resource "<resource>" in API group …`.
     */
    find?: (texts: string[]) => string | undefined;
  }
  const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${SYSTEM_NS}/leases/${LEASE}`;
  const steps: Record<string, Step> = {
    // The informer: listing and watching start with the operator.
    'list widgets.demo.pause.dev': { inProcess: true },
    // The informer's watch quotes the server's Status message, which names the verb.
    'watch widgets.demo.pause.dev': { inProcess: true },
    // The GET after a lost race (409) on a pause write.
    'get widgets.demo.pause.dev': {
      drive: async () => {
        proxy.failNext(
          { method: 'PATCH', path: `${widgetPath('ablate-get')}/status` },
          { kind: 'status', statusCode: 409, message: 'the object has been modified' },
        );
        await createWidget('ablate-get', 1, { [PAUSE_LABEL]: 'dave' });
      },
    },
    // Labels: an expired pause's label is removed (the self-pause writes it too).
    'patch widgets.demo.pause.dev': {
      drive: async () => {
        await createWidget(
          'ablate-patch',
          1,
          { [PAUSE_LABEL]: 'frank' },
          { [UNTIL_ANNOTATION]: '2020-01-01T00:00:00Z' },
        );
      },
    },
    // The Ready condition.
    'patch widgets/status.demo.pause.dev': { drive: () => createWidget('ablate-status', 1) },
    // The Paused Event.
    'create events': { drive: () => createWidget('ablate-events', 1, { [PAUSE_LABEL]: 'erin' }) },
    // Leader election: read, create when missing, update when present.
    'get leases.coordination.k8s.io': {},
    'create leases.coordination.k8s.io': {
      before: async () => {
        const res = await kubeRequest(admin, { method: 'DELETE', path: leasePath });
        must('delete the Lease', res, 200, 404);
      },
    },
    'update leases.coordination.k8s.io': {
      before: async () => {
        // A released Lease (as a replica leaves it on stop): the next one takes it with a PUT.
        await apply({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: LEASE, namespace: SYSTEM_NS },
          spec: { holderIdentity: '', leaseDurationSeconds: 1 },
        } as Obj);
      },
    },
  };

  const grants = grantsOf(rbacDocs);
  it('has a step for every grant of the manifest, and a grant for every step', () => {
    const names = grants.map((g) => grantName(g).replace(/ \(.*\)$/, ''));
    expect(names.sort()).toEqual(Object.keys(steps).sort());
  });

  const seen: Array<{ grant: string; message: string }> = [];
  for (const grant of grants) {
    const key = grantName(grant).replace(/ \(.*\)$/, '');
    it(`without "${grantName(grant)}" the operator gets the server's 403 naming it`, async () => {
      expect(token, 'the first test applies the manifests and makes the token').toBeDefined();
      const step = steps[key];
      if (!step) throw new Error(`no step exercises ${key}: remove it from rbac.yaml or add one`);
      for (const o of rbacWithout(grant)) await apply(o);
      await waitFor(
        `RBAC without ${key} in effect`,
        async () => !(await mayI(token, attrsOf(grant))),
      );
      await step.before?.();
      const op = step.inProcess
        ? startInProcess(kubeconfigFile)
        : startOperator(kubeconfigFile, `ablate-${key.replace(/[^a-z]+/g, '-')}`);
      try {
        await step.drive?.();
        const needle = `cannot ${grant.verb} resource "${grant.resource}" in API group "${grant.group}"`;
        const find = step.find ?? ((texts: string[]) => texts.find((l) => l.includes(needle)));
        const line = await waitFor(`a 403 for ${key} in the operator's log`, () =>
          find(op.texts()),
        ).catch((error: Error) => {
          throw new Error(`${error.message}\n${output(op)}`);
        });
        expect(line).toMatch(/403|forbidden/i);
        if (!step.find) expect(line).toContain(SA_USER);
        seen.push({ grant: grantName(grant), message: line });
      } finally {
        await op.stop();
        for (const o of rbacDocs) await apply(o);
      }
    }, 180_000);
  }

  it('restores the full RBAC (every grant in effect again)', async () => {
    for (const grant of grants) {
      await waitFor(`the ServiceAccount may ${grantName(grant)}`, () =>
        mayI(token, attrsOf(grant)),
      );
    }
    console.log(`403s seen:\n${seen.map((s) => `  ${s.grant}: ${s.message}`).join('\n')}`);
  });
});
