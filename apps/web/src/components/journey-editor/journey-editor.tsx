'use client';

import { Alert, Badge, Box, Button, Group, Loader, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { JourneyDocument } from '@nudgeflow/journey';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import {
  ClipboardPaste,
  Copy,
  History,
  Keyboard,
  LayoutDashboard,
  Maximize,
  Redo2,
  Rocket,
  Undo2,
} from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../trpc/react';
import {
  addNode,
  applyLayout,
  copySelection,
  layoutRequestOf,
  nudgeSelection,
  paste,
} from './canvas-actions';
import { autoLayout } from './auto-layout';
import { useEditorStore, type SaveChange } from './editor-store';
import { JourneyCanvas } from './journey-canvas';
import { Inspector } from './inspector';
import { useLiveCounts, type LiveNodeCounts } from './live-counts';
import { Palette } from './palette';
import { PublishDialog } from './publish-dialog';
import { ShortcutsHelp, useEditorShortcuts } from './shortcuts';
import { VersionsDrawer } from './versions-drawer';
import { WaitingList } from './waiting-list';

/** The journey canvas page: palette, canvas and inspector over one store, saved change by change. */
export function JourneyEditor(props: { workspaceId: string; journeyId: string }) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

function EditorBody({ workspaceId, journeyId }: { workspaceId: string; journeyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const ref = { workspaceId, journeyId };
  const opened = useQuery({
    ...trpc.journeyEditor.open.queryOptions(ref),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const pickers = useQuery(trpc.journeyEditor.pickerOptions.queryOptions({ workspaceId }));
  const saveMutation = useMutation(trpc.journeyEditor.saveChange.mutationOptions());
  const [viewingVersion, setViewingVersion] = useState<number | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);

  const saveState = useEditorStore((state) => state.saveState);
  const conflict = useEditorStore((state) => state.conflict);
  const errorCount = useEditorStore((state) => state.errors.length);
  const canUndo = useEditorStore((state) => state.stacks.undo.length > 0);
  const canRedo = useEditorStore((state) => state.stacks.redo.length > 0);
  const readOnly = useEditorStore((state) => state.readOnly);
  const name = useEditorStore((state) => state.document.name);
  const edgesInDocument = useEditorStore((state) => state.document.edges.length);

  const saveChange: SaveChange = useCallback(
    (change, baseRevision) =>
      saveMutation.mutateAsync({
        ...ref,
        baseRevision,
        kind: change.kind,
        targetRevision: change.targetRevision,
        label: change.label,
        patches: change.patches as never,
        inversePatches: change.inversePatches as never,
      }),
    [workspaceId, journeyId],
  );

  const loadDraft = useCallback(
    (data: NonNullable<typeof opened.data>) => {
      useEditorStore.getState().load({
        document: data.document as JourneyDocument,
        revision: data.revision,
        history: data.history,
        saveChange,
      });
      setViewingVersion(null);
    },
    [saveChange],
  );

  const loaded = useRef(false);
  useEffect(() => {
    if (opened.data && !loaded.current) {
      loaded.current = true;
      loadDraft(opened.data);
      requestAnimationFrame(() => void flow.fitView({ maxZoom: 1 }));
    }
  }, [opened.data, loadDraft, flow]);

  // Leaving with unsaved changes: send them first (and ask the browser to hold on while they go).
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (useEditorStore.getState().queue.length > 0) {
        void useEditorStore.getState().flush();
        event.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const live = opened.data?.journey.liveVersion ?? null;
  const counts = useQuery({
    ...trpc.journeyEditor.counts.queryOptions(ref),
    refetchInterval: 3000,
    enabled: opened.data !== undefined,
  });
  useEffect(() => {
    if (!counts.data) return;
    const next: Record<string, LiveNodeCounts> = {};
    for (const [nodeId, value] of Object.entries(counts.data)) {
      const visits = Math.max(0, ...Object.values(value.steps));
      next[nodeId] = {
        entered: visits + value.waitingNow,
        waitingNow: value.waitingNow,
        outputs: value.outputs,
        messages: value.messages,
      };
    }
    useLiveCounts.getState().setCounts(next);
  }, [counts.data]);

  const reloadDraft = useCallback(async () => {
    const data = await queryClient.fetchQuery({ ...trpc.journeyEditor.open.queryOptions(ref), staleTime: 0 });
    loadDraft(data);
  }, [queryClient, trpc, loadDraft]);

  const layout = useCallback(() => {
    const { document, nodes } = useEditorStore.getState();
    const measured = new Map(nodes.map((node) => [node.id, node.measured]));
    void autoLayout(layoutRequestOf(document, (id) => measured.get(id))).then((positions) => {
      applyLayout(positions);
      requestAnimationFrame(() => void flow.fitView({ maxZoom: 1, duration: 300 }));
    });
  }, [flow]);

  const actions = {
    undo: () => void useEditorStore.getState().undo(),
    redo: () => void useEditorStore.getState().redo(),
    copy: () =>
      void copySelection().then(
        (count) => count && notifications.show({ message: `Copied ${count} node${count === 1 ? '' : 's'}` }),
      ),
    paste: () => void paste(),
    layout,
    fit: () => void flow.fitView({ maxZoom: 1, duration: 300 }),
    selectAll: () => useEditorStore.getState().select(useEditorStore.getState().nodes.map((node) => node.id)),
    nudge: nudgeSelection,
    help: () => setHelpOpen(true),
    publish: () => errorCount === 0 && !readOnly && setPublishOpen(true),
    search: () => document.getElementById('palette-search')?.focus(),
    escape: () => {
      useEditorStore.getState().select([]);
      useEditorStore.getState().inspect(null);
    },
  };
  useEditorShortcuts(actions, readOnly);

  if (opened.isError)
    return (
      <Alert variant="default" color="red">
        {opened.error.message}
      </Alert>
    );
  if (!opened.data) return <Loader aria-label="Loading the journey" />;

  const options = pickers.data ?? { events: [], segments: [], templates: [] };
  return (
    <Box
      style={{
        display: 'flex',
        flexDirection: 'column',
        height: 'calc(100vh - 48px)',
        // Mantine's dimmed grey (descriptions, divider labels) is below AA contrast on white.
        ['--mantine-color-dimmed' as string]: 'var(--mantine-color-gray-7)',
      }}
    >
      <Group justify="space-between" pb="xs" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Title order={1} size="h3">
            {name}
          </Title>
          <Badge variant="filled" color={live ? 'teal.9' : 'gray.7'}>
            {live ? `Live: version ${live}` : 'Not published'}
          </Badge>
          <Text
            size="xs"
            c={saveState === 'failed' ? 'red.9' : 'gray.7'}
            data-testid="save-state"
            aria-live="polite"
          >
            {viewingVersion !== null
              ? `Viewing version ${viewingVersion}, read-only`
              : saveState === 'saved'
                ? 'All changes saved'
                : saveState === 'saving'
                  ? 'Saving…'
                  : saveState === 'conflict'
                    ? 'Not saved: changed elsewhere'
                    : `Not saved: ${useEditorStore.getState().saveError}`}
          </Text>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Undo (Ctrl+Z)">
            <Button
              variant="default"
              size="xs"
              onClick={actions.undo}
              disabled={!canUndo || readOnly}
              leftSection={<Undo2 size={14} aria-hidden />}
            >
              Undo
            </Button>
          </Tooltip>
          <Tooltip label="Redo (Ctrl+Shift+Z)">
            <Button
              variant="default"
              size="xs"
              onClick={actions.redo}
              disabled={!canRedo || readOnly}
              leftSection={<Redo2 size={14} aria-hidden />}
            >
              Redo
            </Button>
          </Tooltip>
          <Tooltip label="Copy the selected nodes (Ctrl+C)">
            <Button
              variant="default"
              size="xs"
              onClick={actions.copy}
              leftSection={<Copy size={14} aria-hidden />}
            >
              Copy
            </Button>
          </Tooltip>
          <Tooltip label="Paste (Ctrl+V)">
            <Button
              variant="default"
              size="xs"
              onClick={actions.paste}
              disabled={readOnly}
              leftSection={<ClipboardPaste size={14} aria-hidden />}
            >
              Paste
            </Button>
          </Tooltip>
          <Tooltip label="Auto-layout (L)">
            <Button
              variant="default"
              size="xs"
              onClick={actions.layout}
              disabled={readOnly}
              leftSection={<LayoutDashboard size={14} aria-hidden />}
            >
              Layout
            </Button>
          </Tooltip>
          <Tooltip label="Zoom to fit (F)">
            <Button
              variant="default"
              size="xs"
              onClick={actions.fit}
              leftSection={<Maximize size={14} aria-hidden />}
            >
              Fit
            </Button>
          </Tooltip>
          <Button
            variant="default"
            size="xs"
            onClick={() => setVersionsOpen(true)}
            leftSection={<History size={14} aria-hidden />}
          >
            Versions
          </Button>
          <Button
            variant="default"
            size="xs"
            onClick={actions.help}
            leftSection={<Keyboard size={14} aria-hidden />}
            aria-label="Keyboard shortcuts (?)"
          >
            Shortcuts
          </Button>
          <Tooltip
            label={
              errorCount > 0
                ? `Fix ${errorCount} problem${errorCount === 1 ? '' : 's'} first`
                : 'Publish (Ctrl+Enter)'
            }
          >
            <Button
              size="xs"
              onClick={() => setPublishOpen(true)}
              disabled={errorCount > 0 || readOnly}
              leftSection={<Rocket size={14} aria-hidden />}
              data-testid="publish-button"
            >
              Publish
            </Button>
          </Tooltip>
        </Group>
      </Group>
      {conflict ? (
        <Alert
          variant="default"
          color="orange"
          title="Someone else changed this draft"
          mb="xs"
          data-testid="conflict"
        >
          <Text size="sm">
            Your last change was not saved, so nothing of theirs was overwritten. Since you opened it:
          </Text>
          {conflict.changes.map((change) => (
            <Text size="sm" key={change.revision}>
              {change.author ?? 'someone'}: {change.label} ({new Date(change.at).toLocaleTimeString()})
            </Text>
          ))}
          <Button size="xs" mt="xs" onClick={() => void reloadDraft()}>
            Load their version
          </Button>
        </Alert>
      ) : null}
      {viewingVersion !== null ? (
        <Alert variant="default" color="blue" mb="xs" title={`Version ${viewingVersion} (read-only)`}>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => void reloadDraft()}>
              Back to the draft
            </Button>
          </Group>
        </Alert>
      ) : null}
      <Box
        style={{
          display: 'grid',
          gridTemplateColumns: '230px 1fr 380px',
          flex: 1,
          minHeight: 0,
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 8,
        }}
      >
        <Box style={{ borderRight: '1px solid var(--mantine-color-default-border)', minHeight: 0 }}>
          <Palette
            disabled={readOnly}
            onAdd={(kind) => {
              const bounds = document.querySelector('.react-flow')?.getBoundingClientRect();
              const center = bounds
                ? flow.screenToFlowPosition({
                    x: bounds.x + bounds.width / 2 - 130,
                    y: bounds.y + bounds.height / 2,
                  })
                : { x: 0, y: 0 };
              addNode(kind, center);
            }}
          />
        </Box>
        <Box style={{ minHeight: 0 }} data-testid="canvas" data-document-edges={edgesInDocument}>
          <JourneyCanvas />
        </Box>
        <Box style={{ borderLeft: '1px solid var(--mantine-color-default-border)', minHeight: 0 }}>
          <Inspector options={options} />
        </Box>
      </Box>
      <PublishDialog
        workspaceId={workspaceId}
        journeyId={journeyId}
        opened={publishOpen}
        onClose={() => setPublishOpen(false)}
        onPublished={() =>
          void queryClient
            .invalidateQueries({ queryKey: trpc.journeyEditor.open.queryKey(ref) })
            .then(() => opened.refetch())
        }
      />
      <VersionsDrawer
        workspaceId={workspaceId}
        journeyId={journeyId}
        opened={versionsOpen}
        onClose={() => setVersionsOpen(false)}
        onView={(version, document) => {
          useEditorStore
            .getState()
            .load({ document, revision: 0, history: [], readOnly: true, saveChange: null });
          setViewingVersion(version);
          setVersionsOpen(false);
        }}
        onRestored={() => {
          setVersionsOpen(false);
          void reloadDraft();
        }}
      />
      <WaitingList workspaceId={workspaceId} journeyId={journeyId} />
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </Box>
  );
}
