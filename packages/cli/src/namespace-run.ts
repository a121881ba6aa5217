import type { KubeObject, MetadataWrite } from '@pause/core';
import type { KubeConnection } from '@pause/http';
import { type Context, describeWrite, progress } from './context.ts';
import { formatDuration, untilTime } from './duration.ts';
import { ExitCodes } from './exit-codes.ts';
import { apiErrorMessage, CliError, isApiError } from './kube.ts';
import { forEachLimited, labelValueFor, type PauseRequest } from './model.ts';
import {
  crdsForbiddenMessage,
  getNamespace,
  listCrds,
  listLabelledNamespaces,
  patchNamespace,
} from './namespace-api.ts';
import { formatNamespaceStatus } from './namespace-format.ts';
import {
  namespacePauseOf,
  namespacePauseWrite,
  namespaceResumeWrite,
  namespaceStatusRow,
} from './namespace-model.ts';
import {
  chooseNamespacePolicy,
  declaredResources,
  type NamespacePolicy,
} from './namespace-policy.ts';
import { waitForNamespaces } from './namespace-wait.ts';
import { qualifiedName } from './resolve-type.ts';

/** The namespace pause policy: from the flags and the CRDs; a usage error when there is none. */
async function resolveNamespacePolicy(
  ctx: Context,
  connection: KubeConnection,
): Promise<NamespacePolicy> {
  const inv = ctx.invocation;
  const crds = await listCrds(connection);
  if (crds === undefined && (inv.policy.labelKey === undefined || inv.forType !== undefined)) {
    throw new CliError(crdsForbiddenMessage(), 2);
  }
  const choice = chooseNamespacePolicy(
    inv.policy,
    inv.forType,
    crds === undefined ? undefined : declaredResources(crds),
  );
  if (!choice.ok) throw new CliError(choice.message, 2);
  const policy = choice.policy;
  if (inv.reason !== undefined && policy.reasonAnnotations.length === 0) {
    throw new CliError('--reason needs --reason-annotation KEY (the policy declares none)', 2);
  }
  if (inv.until !== undefined && policy.untilAnnotations.length === 0) {
    throw new CliError('--until needs --until-annotation KEY (the policy declares none)', 2);
  }
  return policy;
}

/** The named Namespaces (a line on stderr for each that cannot be read), in the given order. */
async function readNamed(
  ctx: Context,
  connection: KubeConnection,
): Promise<{ found: KubeObject[]; failed: number }> {
  const inv = ctx.invocation;
  const found: Array<KubeObject | undefined> = [];
  let failed = 0;
  await forEachLimited(inv.names, inv.concurrency, async (name, index) => {
    try {
      found[index] = await getNamespace(connection, name);
    } catch (error) {
      failed++;
      const message = isApiError(error, 'not-found')
        ? `namespace "${name}" not found`
        : apiErrorMessage(error, 'get', 'namespaces', undefined);
      ctx.err.write(`${ctx.colors.red('error:')} ${message}\n`);
    }
  });
  return { found: found.filter((n): n is KubeObject => n !== undefined), failed };
}

async function runNamespaceStatus(
  ctx: Context,
  connection: KubeConnection,
  policy: NamespacePolicy,
): Promise<number> {
  const inv = ctx.invocation;
  const { found, failed } =
    inv.names.length > 0
      ? await readNamed(ctx, connection)
      : { found: await listLabelledNamespaces(connection, policy.labelKey), failed: 0 };
  const nowMs = ctx.now().getTime();
  if (found.length === 0 && inv.output === 'table') {
    if (failed === 0) ctx.err.write(`no namespaces carry the label ${policy.labelKey}\n`);
  } else {
    const rows = found.map((ns) => namespaceStatusRow(ns, policy, nowMs));
    ctx.out.write(formatNamespaceStatus(rows, inv.output, policy.labelKey));
  }
  return failed > 0 ? ExitCodes.error : ExitCodes.ok;
}

/** What `kubectl pause namespace` writes: who, why, until when (`--until` checked here). */
function pauseRequest(ctx: Context): PauseRequest {
  const inv = ctx.invocation;
  let until: string | undefined;
  if (inv.until !== undefined) {
    try {
      until = untilTime(inv.until, ctx.now());
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
  }
  const by = labelValueFor(inv.by ?? ctx.env.USER ?? ctx.env.USERNAME);
  return { by, reason: inv.reason, until };
}

/** What writing the Namespaces gave: counts, and the Namespaces whose objects to wait for. */
interface Changed {
  counts: { done: number; unchanged: number; failed: number };
  toConfirm: string[];
}

async function changeNamespaces(
  ctx: Context,
  connection: KubeConnection,
  policy: NamespacePolicy,
): Promise<Changed> {
  const inv = ctx.invocation;
  const c = ctx.colors;
  const pausing = inv.verb === 'pause';
  const verbDone = pausing ? 'paused' : 'resumed';
  const request = pausing ? pauseRequest(ctx) : undefined;
  const { found, failed } = await readNamed(ctx, connection);
  const counts = { done: 0, unchanged: 0, failed };
  const toConfirm: string[] = [];
  const errors: string[] = [];
  const bar = progress(ctx, found.length, pausing ? 'pausing' : 'resuming', inv.dryRun);
  await forEachLimited(found, inv.concurrency, async (namespace) => {
    const name = namespace.metadata?.name ?? '';
    const label = `namespace/${name}`;
    const nowMs = ctx.now().getTime();
    const write: MetadataWrite | undefined = request
      ? namespacePauseWrite(namespace, policy, request, nowMs)
      : namespaceResumeWrite(namespace, policy);
    try {
      if (!write) {
        counts.unchanged++;
        toConfirm.push(name);
        bar.line(`${label} ${c.dim(`unchanged (already ${verbDone})`)}`);
      } else if (inv.dryRun) {
        counts.done++;
        bar.line(`${label} would be ${verbDone}: ${describeWrite(write)} (dry run)`);
      } else {
        const updated = await patchNamespace(connection, name, write);
        counts.done++;
        if (!pausing || namespacePauseOf(updated, policy, nowMs).state === 'paused') {
          toConfirm.push(name);
        }
        bar.line(`${label} ${c.green(verbDone)}`);
      }
    } catch (error) {
      counts.failed++;
      const message = isApiError(error, 'not-found')
        ? 'not found (deleted meanwhile)'
        : apiErrorMessage(error, 'patch', 'namespaces', undefined);
      errors.push(`${label}: ${message}`);
    } finally {
      bar.tick();
    }
  });
  bar.stop();
  for (const error of errors) ctx.err.write(`${c.red('error:')} ${error}\n`);
  return { counts, toConfirm };
}

async function runNamespaceChange(
  ctx: Context,
  connection: KubeConnection,
  policy: NamespacePolicy,
): Promise<number> {
  const inv = ctx.invocation;
  const c = ctx.colors;
  const pausing = inv.verb === 'pause';
  const verbDone = pausing ? 'paused' : 'resumed';
  const { counts, toConfirm } = await changeNamespaces(ctx, connection, policy);
  let timedOut: string[] = [];
  let cannotWait: string | undefined;
  if (inv.waitMs !== undefined && !inv.dryRun && toConfirm.length > 0) {
    if (policy.resources.length === 0) {
      cannotWait = `cannot wait: no resource type is known to declare the namespace label ${policy.labelKey} (none declares it, or the CustomResourceDefinitions cannot be listed)`;
    } else {
      timedOut = await waitForNamespaces(ctx, connection, policy.resources, toConfirm, pausing);
    }
  }
  const summary = `${counts.done} ${inv.dryRun ? `would be ${verbDone}` : verbDone}, ${counts.unchanged} unchanged, ${counts.failed} failed`;
  ctx.err.write(`${counts.failed > 0 ? c.red(summary) : summary}\n`);
  if (cannotWait !== undefined) ctx.err.write(`${c.red('error:')} ${cannotWait}\n`);
  if (counts.failed > 0 || cannotWait !== undefined) return ExitCodes.error;
  if (timedOut.length > 0) {
    const types = policy.resources.map((r) => qualifiedName(r.resource)).join(', ');
    ctx.err.write(
      `${c.red('error:')} timed out after ${formatDuration(inv.waitMs ?? 0)} waiting for the controllers to confirm ${pausing ? 'the namespace pause' : 'the end of the namespace pause'} of ${timedOut.length} object(s) (is a controller using pause with namespaceLabelKey ${policy.labelKey} running for ${types}?):\n${timedOut
        .map((name) => `  ${name}\n`)
        .join('')}`,
    );
    return ExitCodes.timeout;
  }
  return ExitCodes.ok;
}

/**
 * Runs `kubectl pause [resume|status] namespace NAME…`: sets, removes or shows the controllers'
 * namespace pause label (and its reason/until annotations) on Namespaces.
 */
export async function runNamespaces(ctx: Context, connection: KubeConnection): Promise<number> {
  const policy = await resolveNamespacePolicy(ctx, connection);
  if (ctx.invocation.verb === 'status') return runNamespaceStatus(ctx, connection, policy);
  return runNamespaceChange(ctx, connection, policy);
}
