'use client';

import { Badge, Group, Paper, Text, UnstyledButton } from '@mantine/core';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { AlertTriangle, CircleAlert } from 'lucide-react';
import { memo } from 'react';
import { useEditorStore } from './editor-store';
import type { JourneyFlowNode } from './flow-document';
import { iconOf, kindOf, outputsOf, summaryOf, takesInput } from './node-kinds';
import { useLiveCounts } from './live-counts';

/**
 * One card for every node kind: the kind's icon, colour, title and summary line, its outputs as labelled
 * handles, and the decorations read from stores by this node's id (its first error or warning, its live
 * counts), so a change to one node re-renders that node only.
 */
function JourneyNodeCardView({ id, data, selected }: NodeProps<JourneyFlowNode>) {
  const kind = kindOf(data.kind, data.version);
  const problem = useEditorStore((state) => state.nodeProblems[id]);
  const warning = useEditorStore((state) => state.nodeWarnings[id]);
  const entered = useLiveCounts((state) => state.counts[id]?.entered);
  const waiting = useLiveCounts((state) => state.counts[id]?.waitingNow);
  const messages = useLiveCounts((state) => state.counts[id]?.messages);
  const showWaiting = useLiveCounts((state) => state.showWaiting);
  const outputs = outputsOf(kind, data.config);
  const Icon = iconOf(kind?.ui.icon ?? 'circle');
  const title = data.label || kind?.title || data.kind;
  return (
    <Paper
      withBorder
      shadow={selected ? 'md' : 'xs'}
      p="xs"
      w={260}
      data-testid={`node-${id}`}
      data-kind={data.kind}
      data-has-error={problem ? 'true' : 'false'}
      style={{
        borderColor: problem
          ? 'var(--mantine-color-red-7)'
          : selected
            ? 'var(--mantine-color-indigo-7)'
            : undefined,
        borderWidth: problem || selected ? 2 : 1,
        borderTop: `4px solid ${kind?.ui.color ?? '#64748b'}`,
      }}
    >
      {takesInput(kind) ? <Handle type="target" position={Position.Top} title={`Into ${title}`} /> : null}
      <Group gap={6} wrap="nowrap">
        <Icon size={16} color={kind?.ui.color} aria-hidden />
        <Text fw={600} size="sm" truncate>
          {title}
        </Text>
        <Text size="xs" c="gray.7" ml="auto">
          {id}
        </Text>
      </Group>
      <Text size="xs" mt={4} lineClamp={2} data-testid="node-summary">
        {summaryOf(kind, data.config)}
      </Text>
      {problem ? (
        <Group gap={4} mt={4} wrap="nowrap" c="red.9" data-testid="node-error">
          <CircleAlert size={14} aria-hidden />
          <Text size="xs" lineClamp={2}>
            {problem}
          </Text>
        </Group>
      ) : warning ? (
        <Group gap={4} mt={4} wrap="nowrap" c="#7a4a00" data-testid="node-warning">
          <AlertTriangle size={14} aria-hidden />
          <Text size="xs" lineClamp={2}>
            {warning}
          </Text>
        </Group>
      ) : null}
      {entered !== undefined || waiting ? (
        <Group gap={4} mt={6} data-testid="node-counts">
          <Badge size="xs" variant="filled" color="gray.7" data-testid="count-entered">
            {entered ?? 0} entered
          </Badge>
          <UnstyledButton
            className="nodrag"
            onClick={() => showWaiting(id)}
            aria-label={`${waiting ?? 0} waiting now at ${title}: list them`}
            data-testid="count-waiting"
          >
            <Badge size="xs" variant="filled" color="indigo.8" style={{ cursor: 'pointer' }}>
              {waiting ?? 0} waiting now
            </Badge>
          </UnstyledButton>
          {messages ? (
            <Badge size="xs" variant="filled" color="teal.9" data-testid="count-messages">
              {messages.sent} sent · {messages.opened} opened · {messages.clicked} clicked ·{' '}
              {messages.converted} converted
            </Badge>
          ) : null}
        </Group>
      ) : null}
      <Group justify="space-around" mt={outputs.length > 1 ? 18 : 6} gap={0} wrap="nowrap">
        {outputs.map((output) => (
          <Text key={output.name} size="10px" c="gray.7" ta="center" style={{ flex: 1 }} truncate>
            {output.label}
          </Text>
        ))}
      </Group>
      {outputs.map((output, index) => (
        <Handle
          key={output.name}
          type="source"
          id={output.name}
          position={Position.Bottom}
          title={`${title}: ${output.label}`}
          data-testid={`handle-${id}-${output.name}`}
          style={{ left: `${((index + 0.5) / outputs.length) * 100}%`, width: 12, height: 12 }}
        />
      ))}
    </Paper>
  );
}

export const JourneyNodeCard = memo(JourneyNodeCardView);
