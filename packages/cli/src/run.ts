import { createRequire } from 'node:module';
import { type KubeObject, PauseReasons } from '@pause/core';
import { metadataMergePatch, objectKey } from '@pause/core/adapter';
import { createKubeConnection, type KubeConnection, resourcePath } from '@pause/http';
import { createColors } from 'picocolors';
import { parseArgs } from './args.ts';
import { type Context, describeWrite, type OutputStream, progress, sleep } from './context.ts';
import { formatDuration, untilTime } from './duration.ts';
import { ExitCodes } from './exit-codes.ts';
import { formatStatus } from './format.ts';
import {
  apiErrorMessage,
  CliError,
  discover,
  isApiError,
  loadKubeConfig,
  readDeclaration,
} from './kube.ts';
import {
  type CliPolicy,
  confirmed,
  flagsComplete,
  forEachLimited,
  labelValueFor,
  mergePolicy,
  pauseCondition,
  pauseWrite,
  resumeWrite,
  statusRow,
} from './model.ts';
import { namespacesFor } from './namespace-api.ts';
import { runNamespaces } from './namespace-run.ts';
import { type ApiResourceInfo, qualifiedName, resolveType } from './resolve-type.ts';

export type { OutputStream } from './context.ts';
export { ExitCodes } from './exit-codes.ts';

/** What {@link runKubectlPause} reads from and writes to; every field defaults to the process's. */
export interface KubectlPauseIO {
  /** Tables, JSON, YAML and one line per object. Default `process.stdout`. */
  stdout?: OutputStream;
  /** Errors, the summary and (on a terminal) progress bars. Default `process.stderr`. */
  stderr?: OutputStream;
  /** Environment (`KUBECONFIG`, `USER`, `NO_COLOR`). */
  env?: Record<string, string | undefined>;
  /** The clock, for `--until 2h`. */
  now?: () => Date;
  /** Milliseconds between two checks of `--wait`. Default 500. */
  pollIntervalMs?: number;
}

const MERGE_PATCH = 'application/merge-patch+json';
const FIELD_MANAGER = 'kubectl-pause';

function packageVersion(): string {
  const manifest = createRequire(import.meta.url)('../package.json') as { version: string };
  return manifest.version;
}

interface Target {
  resource: ApiResourceInfo;
  /** `widgets.demo.pause.dev`. */
  name: string;
  /** Namespace of the request; undefined for all namespaces or cluster-scoped. */
  namespace: string | undefined;
}

function describeObject(target: Target, object: KubeObject, allNamespaces: boolean): string {
  const name = `${target.name}/${object.metadata?.name ?? '?'}`;
  return allNamespaces && object.metadata?.namespace
    ? `${name} in namespace ${object.metadata.namespace}`
    : name;
}

function objectPath(target: Target, object: KubeObject): string {
  return resourcePath(
    { ...target.resource, plural: target.resource.name, namespaced: target.resource.namespaced },
    { name: object.metadata?.name, namespace: object.metadata?.namespace },
  );
}

async function resolveTarget(ctx: Context, connection: KubeConnection, namespace: string) {
  const resources = await discover(connection, ctx.invocation.type);
  const resolution = resolveType(ctx.invocation.type, resources);
  if (!resolution.ok) throw new CliError(resolution.message);
  const resource = resolution.resource;
  return {
    resource,
    name: qualifiedName(resource),
    namespace: !resource.namespaced || ctx.invocation.allNamespaces ? undefined : namespace,
  } satisfies Target;
}

async function resolvePolicy(
  ctx: Context,
  connection: KubeConnection,
  target: Target,
): Promise<CliPolicy> {
  const flags = ctx.invocation.policy;
  let declared: Awaited<ReturnType<typeof readDeclaration>>;
  if (!flagsComplete(flags)) {
    try {
      declared = await readDeclaration(connection, target.resource);
    } catch (error) {
      if (flags.labelKey === undefined) throw error;
      // The label key is given: the other names are optional, go on without the CRD's.
    }
  }
  const policy = mergePolicy(flags, declared);
  if (!policy) {
    throw new CliError(
      `${target.name} declares no pause policy (${target.resource.group ? 'no pause.dev/policy annotation on its CustomResourceDefinition' : 'it is no custom resource'}); pass --label-key KEY (the label its controller pauses on), and --reason-annotation / --until-annotation for --reason / --until`,
      2,
    );
  }
  const inv = ctx.invocation;
  if (inv.reason !== undefined && !policy.reasonAnnotation) {
    throw new CliError('--reason needs --reason-annotation KEY (the policy declares none)', 2);
  }
  if (inv.until !== undefined && !policy.untilAnnotation) {
    throw new CliError('--until needs --until-annotation KEY (the policy declares none)', 2);
  }
  return policy;
}

interface Selected {
  objects: KubeObject[];
  failures: string[];
}

async function select(ctx: Context, connection: KubeConnection, target: Target): Promise<Selected> {
  const inv = ctx.invocation;
  const coordinates = {
    group: target.resource.group,
    version: target.resource.version,
    plural: target.resource.name,
    namespaced: target.resource.namespaced,
  };
  if (inv.names.length > 0) {
    const objects: KubeObject[] = [];
    const failures: string[] = [];
    const found: Array<KubeObject | undefined> = [];
    await forEachLimited(inv.names, inv.concurrency, async (name, index) => {
      try {
        found[index] = await connection.send<KubeObject>({
          method: 'GET',
          path: resourcePath(coordinates, { name, namespace: target.namespace }),
          operation: `get ${target.name}/${name}`,
        });
      } catch (error) {
        if (isApiError(error, 'not-found')) {
          failures.push(
            `${target.name} "${name}" not found${target.namespace ? ` in namespace ${target.namespace}` : ''}`,
          );
        } else failures.push(apiErrorMessage(error, 'get', target.name, target.namespace));
      }
    });
    for (const object of found) if (object) objects.push(object);
    return { objects, failures };
  }
  const query =
    inv.selector !== undefined ? `?labelSelector=${encodeURIComponent(inv.selector)}` : '';
  let list: { items?: KubeObject[] };
  try {
    list = await connection.send<{ items?: KubeObject[] }>({
      method: 'GET',
      path: `${resourcePath(coordinates, { namespace: target.namespace })}${query}`,
      operation: `list ${target.name}`,
    });
  } catch (error) {
    if (isApiError(error, 'invalid') && inv.selector !== undefined) {
      throw new CliError(
        `invalid selector "${inv.selector}": ${apiErrorMessage(error, 'list', target.name, target.namespace)}`,
      );
    }
    throw new CliError(apiErrorMessage(error, 'list', target.name, target.namespace));
  }
  const objects = (list.items ?? []).sort((a, b) =>
    objectKey({ name: a.metadata?.name ?? '', namespace: a.metadata?.namespace }).localeCompare(
      objectKey({ name: b.metadata?.name ?? '', namespace: b.metadata?.namespace }),
    ),
  );
  return { objects, failures: [] };
}

function noMatches(ctx: Context, target: Target): string {
  const where = target.namespace ? ` in namespace ${target.namespace}` : '';
  const matching =
    ctx.invocation.selector !== undefined ? ` matching "${ctx.invocation.selector}"` : '';
  return `no ${target.name} found${where}${matching}`;
}

async function runStatus(
  ctx: Context,
  connection: KubeConnection,
  target: Target,
  policy: CliPolicy,
) {
  const { objects, failures } = await select(ctx, connection, target);
  for (const failure of failures) ctx.err.write(`${ctx.colors.red('error:')} ${failure}\n`);
  const withNamespace = ctx.invocation.allNamespaces && target.resource.namespaced;
  if (objects.length === 0 && ctx.invocation.output === 'table') {
    if (failures.length === 0) ctx.err.write(`${noMatches(ctx, target)}\n`);
  } else {
    const namespaces =
      policy.namespaceLabelKey !== undefined && target.resource.namespaced
        ? await namespacesFor(
            connection,
            objects.map((o) => o.metadata?.namespace ?? ''),
            policy.namespaceLabelKey,
          )
        : undefined;
    const nowMs = ctx.now().getTime();
    const rows = objects.map((o) =>
      statusRow(o, policy, {
        namespace: namespaces?.get(o.metadata?.namespace ?? ''),
        nowMs,
      }),
    );
    ctx.out.write(formatStatus(rows, ctx.invocation.output, withNamespace));
  }
  return failures.length > 0 ? ExitCodes.error : ExitCodes.ok;
}

async function runChange(
  ctx: Context,
  connection: KubeConnection,
  target: Target,
  policy: CliPolicy,
): Promise<number> {
  const inv = ctx.invocation;
  const pausing = inv.verb === 'pause';
  const c = ctx.colors;
  let until: string | undefined;
  if (inv.until !== undefined) {
    try {
      until = untilTime(inv.until, ctx.now());
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
  }
  const by = labelValueFor(inv.by ?? ctx.env.USER ?? ctx.env.USERNAME);
  const { objects, failures } = await select(ctx, connection, target);
  for (const failure of failures) ctx.err.write(`${c.red('error:')} ${failure}\n`);
  if (objects.length === 0) {
    if (failures.length === 0) ctx.err.write(`${c.red('error:')} ${noMatches(ctx, target)}\n`);
    return ExitCodes.error;
  }
  const verbDone = pausing ? 'paused' : 'resumed';
  const counts = { done: 0, unchanged: 0, failed: failures.length };
  const toConfirm: KubeObject[] = [];
  const bar = progress(ctx, objects.length, pausing ? 'pausing' : 'resuming', inv.dryRun);
  const errors: string[] = [];
  await forEachLimited(objects, inv.concurrency, async (object) => {
    const label = describeObject(target, object, inv.allNamespaces);
    const write = pausing
      ? pauseWrite(object, policy, { by, reason: inv.reason, until })
      : resumeWrite(object, policy);
    try {
      if (!write) {
        counts.unchanged++;
        toConfirm.push(object);
        bar.line(`${label} ${c.dim(`unchanged (already ${verbDone})`)}`);
      } else if (inv.dryRun) {
        counts.done++;
        bar.line(`${label} would be ${verbDone}: ${describeWrite(write)} (dry run)`);
      } else {
        const updated = await connection.send<KubeObject>({
          method: 'PATCH',
          path: `${objectPath(target, object)}?fieldManager=${FIELD_MANAGER}`,
          body: metadataMergePatch(write),
          contentType: MERGE_PATCH,
          operation: `patch ${label}`,
        });
        counts.done++;
        toConfirm.push(updated);
        bar.line(`${label} ${c.green(verbDone)}`);
      }
    } catch (error) {
      counts.failed++;
      const namespace = object.metadata?.namespace;
      const message = isApiError(error, 'not-found')
        ? 'not found (deleted meanwhile)'
        : apiErrorMessage(
            error,
            'patch',
            target.name,
            target.resource.namespaced ? namespace : undefined,
          );
      errors.push(`${label}: ${message}`);
    } finally {
      bar.tick();
    }
  });
  bar.stop();
  for (const error of errors) ctx.err.write(`${c.red('error:')} ${error}\n`);

  let timedOut: string[] = [];
  let heldByNamespace: string[] = [];
  if (inv.waitMs !== undefined && !inv.dryRun && toConfirm.length > 0) {
    ({ timedOut, heldByNamespace } = await waitForController(
      ctx,
      connection,
      target,
      policy,
      toConfirm,
      pausing,
    ));
  }
  const summary = `${counts.done} ${inv.dryRun ? `would be ${verbDone}` : verbDone}, ${counts.unchanged} unchanged, ${counts.failed} failed`;
  ctx.err.write(`${counts.failed > 0 ? c.red(summary) : summary}\n`);
  if (heldByNamespace.length > 0) {
    // The controller did resume them from their own label, onto their Namespace's pause.
    ctx.err.write(
      `${c.red('error:')} ${heldByNamespace.length} object(s) stay paused by their Namespace (condition ${policy.conditionType} reason ${PauseReasons.PausedByNamespace}); resume the Namespace to resume them (kubectl pause resume namespace NAME):\n${heldByNamespace
        .sort()
        .map((name) => `  ${name}\n`)
        .join('')}`,
    );
  }
  if (counts.failed > 0 || heldByNamespace.length > 0) return ExitCodes.error;
  if (timedOut.length > 0) {
    ctx.err.write(
      `${c.red('error:')} timed out after ${formatDuration(inv.waitMs ?? 0)} waiting for the controller to confirm ${pausing ? 'the pause' : 'the resume'} (condition ${policy.conditionType}) of ${timedOut.length} object(s) (is a controller using pause running for ${target.name}?):\n${timedOut
        .sort()
        .map((name) => `  ${name}\n`)
        .join('')}`,
    );
    return ExitCodes.timeout;
  }
  return ExitCodes.ok;
}

async function waitForController(
  ctx: Context,
  connection: KubeConnection,
  target: Target,
  policy: CliPolicy,
  objects: KubeObject[],
  pausing: boolean,
): Promise<{ timedOut: string[]; heldByNamespace: string[] }> {
  const inv = ctx.invocation;
  const held: string[] = [];
  const deadline = Date.now() + (inv.waitMs ?? 0);
  let pending = objects.filter((o) => !confirmed(o, policy, pausing));
  const bar = progress(ctx, objects.length, 'waiting for the controller');
  for (let i = 0; i < objects.length - pending.length; i++) bar.tick();
  while (pending.length > 0 && Date.now() < deadline) {
    await sleep(ctx.pollMs);
    const still: KubeObject[] = [];
    await forEachLimited(pending, inv.concurrency, async (object) => {
      try {
        const fresh = await connection.send<KubeObject>({
          method: 'GET',
          path: objectPath(target, object),
          operation: `get ${target.name}/${object.metadata?.name}`,
        });
        if (confirmed(fresh, policy, pausing)) {
          bar.tick();
          bar.line(
            `${describeObject(target, object, inv.allNamespaces)} confirmed by the controller`,
          );
        } else if (
          !pausing &&
          pauseCondition(fresh, policy)?.reason === PauseReasons.PausedByNamespace
        ) {
          // Its own label is gone, but its Namespace pauses it: waiting longer changes nothing.
          bar.tick();
          held.push(describeObject(target, object, inv.allNamespaces));
        } else still.push(fresh);
      } catch (error) {
        if (isApiError(error, 'not-found'))
          bar.tick(); // gone: nothing left to confirm
        else still.push(object);
      }
    });
    pending = still;
  }
  bar.stop();
  return {
    timedOut: pending.map((o) => describeObject(target, o, inv.allNamespaces)),
    heldByNamespace: held,
  };
}

/**
 * Runs `kubectl pause` with `argv` (the arguments after the command name) and resolves with
 * its exit code: 0 done, 1 errors, 2 usage, 3 timed out waiting for the controller.
 */
export async function runKubectlPause(
  argv: readonly string[],
  io: KubectlPauseIO = {},
): Promise<number> {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const colors = createColors(Boolean(err.isTTY) && env.NO_COLOR === undefined);
  const parsed = parseArgs(argv, packageVersion(), {
    out: (text) => out.write(text),
    err: (text) => err.write(text),
  });
  if (parsed.kind === 'exit') return parsed.code;
  const ctx: Context = {
    invocation: parsed.invocation,
    out,
    err,
    env,
    now: io.now ?? (() => new Date()),
    pollMs: io.pollIntervalMs ?? 500,
    colors,
  };
  let connection: KubeConnection | undefined;
  try {
    const inv = ctx.invocation;
    const { kubeConfig, namespace } = await loadKubeConfig(inv.kubeconfig, inv.context, env);
    connection = createKubeConnection({
      kubeConfig,
      userAgent: `kubectl-pause/${packageVersion()}`,
    });
    if (inv.namespaces) return await runNamespaces(ctx, connection);
    const target = await resolveTarget(ctx, connection, inv.namespace ?? namespace);
    const policy = await resolvePolicy(ctx, connection, target);
    if (inv.verb === 'status') return await runStatus(ctx, connection, target, policy);
    return await runChange(ctx, connection, target, policy);
  } catch (error) {
    if (error instanceof CliError) {
      err.write(`${colors.red('error:')} ${error.message}\n`);
      return error.exitCode;
    }
    err.write(
      `${colors.red('error:')} ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return ExitCodes.error;
  } finally {
    await connection?.close();
  }
}
