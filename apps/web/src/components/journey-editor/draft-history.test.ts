import { describe, expect, it } from 'vitest';
import { foldHistory, type HistoryEntry } from './draft-history';

const edit = (revision: number): HistoryEntry => ({
  revision,
  kind: 'edit',
  targetRevision: null,
  label: 'edit',
});
const undo = (revision: number, target: number): HistoryEntry => ({
  revision,
  kind: 'undo',
  targetRevision: target,
  label: 'undo',
});
const redo = (revision: number, target: number): HistoryEntry => ({
  revision,
  kind: 'redo',
  targetRevision: target,
  label: 'redo',
});

describe('undo and redo from the draft history', () => {
  it('undoes the latest edit first and redoes what was undone', () => {
    expect(foldHistory([edit(1), edit(2), edit(3)])).toEqual({ undo: [1, 2, 3], redo: [] });
    expect(foldHistory([edit(1), edit(2), undo(3, 2)])).toEqual({ undo: [1], redo: [2] });
    expect(foldHistory([edit(1), edit(2), undo(3, 2), undo(4, 1)])).toEqual({ undo: [], redo: [2, 1] });
    expect(foldHistory([edit(1), edit(2), undo(3, 2), undo(4, 1), redo(5, 1)])).toEqual({
      undo: [1],
      redo: [2],
    });
  });

  it('forgets what could be redone after a new edit', () => {
    expect(foldHistory([edit(1), edit(2), undo(3, 2), edit(4)])).toEqual({ undo: [1, 4], redo: [] });
  });

  it('cannot undo past a replaced draft', () => {
    expect(
      foldHistory([
        edit(1),
        { revision: 2, kind: 'replace', targetRevision: null, label: 'import' },
        edit(3),
      ]),
    ).toEqual({ undo: [3], redo: [] });
  });
});
