import type { CoreEventBody } from '@pause/core/adapter';

/** Options of {@link createEventQueue}. */
export interface EventQueueOptions {
  /** Sends one Event (the POST). A rejection is reported to `onFailure`, never retried. */
  send(body: CoreEventBody): Promise<void>;
  /** An Event that could not be recorded (failed, or dropped by a limit below). */
  onFailure?(body: CoreEventBody, why: string): void;
  /** Events waiting at most; more are dropped (client-go's broadcaster: 1000). Default 1000. */
  maxQueued?: number;
  /** Events sent at once over the pool. Default 4. */
  concurrency?: number;
  /** Events one object may burst (client-go's spam filter: 25). Default 25. */
  burstPerObject?: number;
  /** One more Event per object every this many ms once the burst is spent (client-go: 5 min). */
  refillMsPerObject?: number;
  /** Monotonic clock in ms for the spam filter. Default `performance.now`. */
  now?: () => number;
}

/** Counters of an {@link EventQueue}. */
export interface EventQueueStats {
  /** Sent successfully. */
  sent: number;
  /** Failed to send (reported to `onFailure`). */
  failed: number;
  /** Identical to one still waiting (same object, reason and message): not sent twice. */
  aggregated: number;
  /** Dropped: the queue was full, or the object spent its burst (reported to `onFailure`). */
  dropped: number;
  /** Waiting or being sent now. */
  pending: number;
}

/**
 * Events recorded off the caller's path, as client-go's event broadcaster does: `enqueue`
 * returns at once; a bounded queue (full: dropped) is sent by a few concurrent senders; an
 * Event identical to one still waiting is aggregated into it; a per-object token bucket stops
 * one object from flooding the API server; `flush()` waits for what is queued (shutdown).
 */
export interface EventQueue {
  /** Queues `body` (built at the time of the transition) to be sent; never blocks, never throws. */
  enqueue(body: CoreEventBody): void;
  /** Resolves when nothing is waiting or being sent, or after `timeoutMs`; false on timeout. */
  flush(timeoutMs?: number): Promise<boolean>;
  stats(): EventQueueStats;
}

interface Bucket {
  tokens: number;
  at: number;
}

const objectOf = (body: CoreEventBody) => {
  const o = body.involvedObject;
  return o.uid ?? `${o.kind}/${o.namespace ?? ''}/${o.name}`;
};

/** Creates an {@link EventQueue}. */
export function createEventQueue(options: EventQueueOptions): EventQueue {
  const maxQueued = options.maxQueued ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const burst = options.burstPerObject ?? 25;
  const refillMs = options.refillMsPerObject ?? 300_000;
  const now = options.now ?? (() => performance.now());
  const waiting: CoreEventBody[] = [];
  const waitingKeys = new Set<string>();
  const buckets = new Map<string, Bucket>();
  const idlers = new Set<() => void>();
  const counters = { sent: 0, failed: 0, aggregated: 0, dropped: 0 };
  let sending = 0;

  const fail = (body: CoreEventBody, why: string) => {
    try {
      options.onFailure?.(body, why);
    } catch {
      // A throwing callback must not stop the senders.
    }
  };

  /** The per-object token bucket: false when the object has spent its burst. */
  const allowed = (object: string) => {
    const t = now();
    const bucket = buckets.get(object) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) / refillMs);
    bucket.at = t;
    buckets.set(object, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    // A full bucket is the default: forget it, so memory stays bounded by active objects.
    if (bucket.tokens >= burst - 1 && buckets.size > 10_000) buckets.delete(object);
    return true;
  };

  const settleIfIdle = () => {
    if (sending > 0 || waiting.length > 0) return;
    for (const idle of idlers) idle();
    idlers.clear();
  };

  const pump = () => {
    while (sending < concurrency && waiting.length > 0) {
      const body = waiting.shift() as CoreEventBody;
      waitingKeys.delete(keyOf(body));
      sending++;
      options
        .send(body)
        .then(
          () => {
            counters.sent++;
          },
          (error: unknown) => {
            counters.failed++;
            fail(body, `event ${body.reason} was not recorded: ${messageOf(error)}`);
          },
        )
        .finally(() => {
          sending--;
          pump();
          settleIfIdle();
        });
    }
  };

  return {
    enqueue(body) {
      const key = keyOf(body);
      if (waitingKeys.has(key)) {
        counters.aggregated++;
        return;
      }
      if (waiting.length >= maxQueued) {
        counters.dropped++;
        fail(body, `event ${body.reason} was dropped: ${maxQueued} Events are already waiting`);
        return;
      }
      if (!allowed(objectOf(body))) {
        counters.dropped++;
        fail(body, `event ${body.reason} was dropped: ${burst} Events about this object recently`);
        return;
      }
      waiting.push(body);
      waitingKeys.add(key);
      pump();
    },
    flush(timeoutMs) {
      if (sending === 0 && waiting.length === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = () => {
          if (timer) clearTimeout(timer);
          resolve(true);
        };
        idlers.add(done);
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                idlers.delete(done);
                resolve(false);
              }, timeoutMs);
      });
    },
    stats: () => ({ ...counters, pending: waiting.length + sending }),
  };
}

function keyOf(body: CoreEventBody): string {
  return `${objectOf(body)}\u0000${body.type}\u0000${body.reason}\u0000${body.message}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
