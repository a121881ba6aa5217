import { describe, expect, it } from 'vitest';
import * as root from './index.ts';

describe('the package root', () => {
  it('exports only what a controller author needs', () => {
    expect(Object.keys(root).sort()).toEqual([
      'PauseApiError',
      'PauseError',
      'createClientNodePauseClient',
      'createPausableController',
      'createPauseGate',
      'serveControllerEndpoints',
    ]);
  });
});
