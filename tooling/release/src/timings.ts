/** Durations of named steps, in milliseconds. */
export class Timings {
  readonly ms: Record<string, number> = {};

  /** Runs `step`, keeping how long it took under `label` (also when it throws). */
  async time<T>(label: string, step: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await step();
    } finally {
      this.ms[label] = Math.round(performance.now() - started);
    }
  }
}
