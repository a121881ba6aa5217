import { describe, expect, it } from 'vitest';
import { runEmbeddedDemo } from './embedded-demo.ts';

describe('the embedded demo tells the whole pause story', async () => {
  const lines: string[] = [];
  const chapters = await runEmbeddedDemo((line) => lines.push(line));
  const byAction = (prefix: string) => {
    const found = chapters.find((c) => c.action.startsWith(prefix));
    if (!found) throw new Error(`no chapter "${prefix}"`);
    return found;
  };

  it('reconciles a new Widget', () => {
    expect(byAction('create')).toMatchObject({ result: 'continued', writes: 1, paused: undefined });
    expect(byAction('create').ready).toContain('3 replica(s) ready');
  });

  it("a person's pause: one write, one event, reason and expiry in the message", () => {
    const c = byAction('alice pauses it:');
    expect(c).toMatchObject({ result: 'stopped', writes: 1, events: ['Normal/Paused'] });
    expect(c.paused).toContain('PausedByLabel');
    expect(c.paused).toContain('investigating incident 4711');
    expect(c.paused).toContain('2026-11-26T09:30:00Z');
  });

  it('a spec change while paused is not reconciled', () => {
    const c = byAction('bob scales it to 5');
    expect(c.result).toBe('stopped');
    expect(c.ready).toContain('3 replica(s)');
    expect(c.writes).toBe(1);
    expect(c.events).toEqual([]);
  });

  it('steady state writes nothing', () => {
    expect(byAction('the operator looks again: steady')).toMatchObject({ writes: 0, events: [] });
  });

  it('expiry lifts the pause and the reconcile catches up', () => {
    const c = byAction('09:30 passes');
    expect(c.result).toBe('continued');
    expect(c.events).toEqual(['Normal/PauseExpired']);
    expect(c.paused).toBeUndefined();
    expect(c.ready).toContain('5 replica(s)');
  });

  it('self-pause on a spec the operator cannot satisfy', () => {
    const c = byAction('bob asks for 50');
    expect(c.result).toBe('stopped');
    expect(c.paused).toContain('PausedByController');
    expect(c.paused).toContain('TooManyReplicas');
    expect(c.events).toEqual(['Normal/PausedByController']);
    expect(byAction('the operator looks again: still')).toMatchObject({
      result: 'stopped',
      writes: 0,
    });
  });

  it('removing the label resumes', () => {
    const c = byAction('bob lowers it');
    expect(c).toMatchObject({ result: 'continued', events: ['Normal/Resumed'], paused: undefined });
    expect(c.ready).toContain('8 replica(s)');
  });

  it('deletion while paused is blocked, visibly', () => {
    const c = byAction('alice pauses it again');
    expect(c.result).toBe('stopped');
    expect(c.events).toEqual(['Normal/Paused', 'Warning/DeletionBlocked']);
    expect(c.paused).toContain('deletion is blocked');
  });

  it('prints a readable timeline', () => {
    expect(lines[0]).toContain('embedded in-memory cluster');
    expect(lines.at(-1)).toMatch(/9 steps, \d+ operator writes, \d+ events/);
  });
});
