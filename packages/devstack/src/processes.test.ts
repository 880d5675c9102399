import { describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from './processes';

// 'close' comes after the process's output streams end ('exit' may come before the last chunk is read).
const outputEnded = (service: ServiceProcess) =>
  new Promise((resolve) => service.child.once('close', resolve));

describe('spawnService output', () => {
  it('keeps the first lines and the last ones of a long output, and says how many were left out', async () => {
    const service = spawnService({ name: 'seq', command: 'seq', args: ['1', '100'] });
    await outputEnded(service);
    const lines = service.recentOutput().split('\n');
    // A Go panic names its cause on its first line, above a long stack trace.
    expect(lines.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
    expect(lines[10]).toBe('… 50 lines …');
    expect(lines.slice(11)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 61)));
  });

  it('shows a short output whole', async () => {
    const service = spawnService({ name: 'seq', command: 'seq', args: ['1', '12'] });
    await outputEnded(service);
    expect(service.recentOutput()).toBe(Array.from({ length: 12 }, (_, i) => String(i + 1)).join('\n'));
  });
});
