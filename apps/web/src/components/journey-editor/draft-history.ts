/**
 * Undo and redo from the draft's history on the server. Every change is appended (an undo is a change
 * too), so the stacks are a pure fold over the list: an edit pushes onto undo and clears redo, an undo
 * moves its target to redo, a redo moves it back, and a replaced draft (an import) forgets both.
 */

export interface HistoryEntry {
  revision: number;
  kind: 'edit' | 'undo' | 'redo' | 'replace';
  targetRevision: number | null;
  label: string;
}

export interface UndoStacks {
  /** Revisions of edits that can be undone, the next one last. */
  undo: number[];
  /** Revisions of undone edits that can be redone, the next one last. */
  redo: number[];
}

export function foldHistory(
  entries: readonly HistoryEntry[],
  start: UndoStacks = { undo: [], redo: [] },
): UndoStacks {
  let undo = [...start.undo];
  let redo = [...start.redo];
  for (const entry of entries) {
    if (entry.kind === 'edit') {
      undo.push(entry.revision);
      redo = [];
    } else if (entry.kind === 'undo' && entry.targetRevision !== null) {
      undo = undo.filter((revision) => revision !== entry.targetRevision);
      redo.push(entry.targetRevision);
    } else if (entry.kind === 'redo' && entry.targetRevision !== null) {
      redo = redo.filter((revision) => revision !== entry.targetRevision);
      undo.push(entry.targetRevision);
    } else if (entry.kind === 'replace') {
      undo = [];
      redo = [];
    }
  }
  return { undo, redo };
}
