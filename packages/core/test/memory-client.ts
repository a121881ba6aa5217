import jsonpatch from 'fast-json-patch';
import { applyWrites, conditionJsonPatch, type PauseClient } from '../src/adapter.ts';
import {
  type ConditionChange,
  type KubeObject,
  type MetadataWrite,
  PauseApiError,
  type PauseEvent,
} from '../src/index.ts';

type Call = 'read' | 'writeMetadata' | 'writeCondition' | 'recordEvent';

/**
 * The smallest PauseClient that keeps one object in memory, bumping resourceVersion and
 * failing like the API server on a stale guard. For the core's own executor tests only; the
 * full fake with Kubernetes semantics lives in @pause/testing.
 */
export class MemoryClient implements PauseClient {
  object: KubeObject | undefined;
  calls: Call[] = [];
  events: PauseEvent[] = [];
  failures: Array<{ call: Call; error: PauseApiError | Error }> = [];
  beforeConditionWrite: (() => void) | undefined;

  constructor(object: KubeObject) {
    this.object = structuredClone(object);
  }

  private fail(call: Call): void {
    this.calls.push(call);
    const index = this.failures.findIndex((f) => f.call === call);
    if (index >= 0) {
      const [failure] = this.failures.splice(index, 1);
      throw failure?.error;
    }
  }

  private bump(object: KubeObject): KubeObject {
    const rv = Number(object.metadata?.resourceVersion ?? 0) + 1;
    this.object = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
    return structuredClone(this.object);
  }

  async read(): Promise<KubeObject | undefined> {
    this.fail('read');
    return this.object && structuredClone(this.object);
  }

  async writeMetadata(_ref: unknown, write: MetadataWrite): Promise<KubeObject> {
    this.fail('writeMetadata');
    if (!this.object) throw new PauseApiError({ statusCode: 404 });
    if (write.resourceVersion && write.resourceVersion !== this.object.metadata?.resourceVersion) {
      throw new PauseApiError({ statusCode: 409, body: { reason: 'Conflict' } });
    }
    return this.bump(applyWrites(this.object, [write]));
  }

  async writeCondition(
    _ref: unknown,
    base: KubeObject,
    change: ConditionChange,
  ): Promise<KubeObject> {
    this.fail('writeCondition');
    this.beforeConditionWrite?.();
    if (!this.object) throw new PauseApiError({ statusCode: 404 });
    const ops = conditionJsonPatch(base, change);
    try {
      const next = jsonpatch.applyPatch(
        structuredClone(this.object),
        ops as jsonpatch.Operation[],
        true,
        false,
      );
      return this.bump(next.newDocument);
    } catch (error) {
      throw new PauseApiError({
        statusCode: 422,
        body: { message: `testing value failed: ${String(error)}` },
      });
    }
  }

  async recordEvent(_object: KubeObject, event: PauseEvent): Promise<void> {
    this.fail('recordEvent');
    this.events.push(event);
  }
}
