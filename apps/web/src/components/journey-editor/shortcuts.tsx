'use client';

import { Kbd, Modal, Table } from '@mantine/core';
import { useEffect, useRef } from 'react';

/** Every canvas action has a key; the help sheet (?) lists them, from this one table. */
export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: ['/'], action: 'Search the palette (then Tab to a node kind and Enter to add it)' },
  { keys: ['Tab'], action: 'Move between nodes, handles and panels' },
  { keys: ['Enter'], action: 'On a focused node: open its form' },
  { keys: ['Arrow keys'], action: 'Move the selected nodes (Shift: further)' },
  { keys: ['Ctrl', 'A'], action: 'Select every node' },
  { keys: ['Delete'], action: 'Delete the selected nodes and connections' },
  { keys: ['Ctrl', 'C'], action: 'Copy the selected nodes (paste into this or another journey)' },
  { keys: ['Ctrl', 'V'], action: 'Paste' },
  { keys: ['Ctrl', 'Z'], action: 'Undo (survives a reload)' },
  { keys: ['Ctrl', 'Shift', 'Z'], action: 'Redo (also Ctrl+Y)' },
  { keys: ['L'], action: 'Auto-layout' },
  { keys: ['F'], action: 'Zoom to fit' },
  { keys: ['+', '−'], action: 'Zoom in and out' },
  { keys: ['Ctrl', 'Enter'], action: 'Publish' },
  { keys: ['Esc'], action: 'Clear the selection and show the journey settings' },
  { keys: ['?'], action: 'This sheet' },
];

export interface ShortcutActions {
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  layout(): void;
  fit(): void;
  selectAll(): void;
  nudge(dx: number, dy: number): void;
  help(): void;
  publish(): void;
  search(): void;
  escape(): void;
}

function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

export function useEditorShortcuts(actions: ShortcutActions, readOnly: boolean) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (typingIn(event.target) || document.querySelector('[role=dialog][aria-modal=true]')) return;
      const act = latest.current;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const run = (action: () => void) => {
        event.preventDefault();
        action();
      };
      if (mod && key === 'z' && !event.shiftKey) return run(act.undo);
      if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) return run(act.redo);
      if (mod && key === 'c') return run(act.copy);
      if (mod && key === 'v' && !readOnly) return run(act.paste);
      if (mod && key === 'a') return run(act.selectAll);
      if (mod && key === 'enter') return run(act.publish);
      if (mod || event.altKey) return;
      if (key === 'l' && !readOnly) return run(act.layout);
      if (key === 'f') return run(act.fit);
      if (key === '?') return run(act.help);
      if (key === '/') return run(act.search);
      if (key === 'escape') return run(act.escape);
      const step = event.shiftKey ? 50 : 10;
      const arrows: Record<string, [number, number]> = {
        arrowleft: [-step, 0],
        arrowright: [step, 0],
        arrowup: [0, -step],
        arrowdown: [0, step],
      };
      if (arrows[key] && !readOnly) return run(() => act.nudge(...arrows[key]!));
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [readOnly]);
}

export function ShortcutsHelp(props: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Keyboard shortcuts" size="lg">
      <Table>
        <Table.Tbody>
          {SHORTCUTS.map((shortcut) => (
            <Table.Tr key={shortcut.action}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {shortcut.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 ? ' + ' : ''}
                    <Kbd>{key}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{shortcut.action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
