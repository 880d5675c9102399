'use client';

import { create } from 'zustand';

/** Per-node live counts, apart from the editor store so a poll re-renders only the nodes whose counts moved. */
export interface LiveNodeCounts {
  entered: number;
  waitingNow: number;
  outputs: Record<string, number>;
  messages: { sent: number; delivered: number; opened: number; clicked: number; converted: number } | null;
}

interface LiveCountsState {
  counts: Record<string, LiveNodeCounts>;
  waitingNodeId: string | null;
  setCounts(counts: Record<string, LiveNodeCounts>): void;
  showWaiting(nodeId: string | null): void;
}

export const useLiveCounts = create<LiveCountsState>()((set, get) => ({
  counts: {},
  waitingNodeId: null,
  setCounts(next) {
    const previous = get().counts;
    const merged: Record<string, LiveNodeCounts> = {};
    for (const [id, value] of Object.entries(next)) {
      const before = previous[id];
      merged[id] = before && JSON.stringify(before) === JSON.stringify(value) ? before : value;
    }
    set({ counts: merged });
  },
  showWaiting(nodeId) {
    set({ waitingNodeId: nodeId });
  },
}));
