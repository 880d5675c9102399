'use client';

import {
  Alert,
  Button,
  Divider,
  Group,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { configJsonSchema, JourneySettings } from '@nudgeflow/journey';
import { Copy, Trash2 } from 'lucide-react';
import { useMemo } from 'react';
import { z } from 'zod';
import { connect, copySelection, removeElements } from './canvas-actions';
import { useEditorStore } from './editor-store';
import { kindOf, outputsOf, takesInput } from './node-kinds';
import { SchemaForm, type JsonSchema, type PickerOptions } from './schema-form';

const SETTINGS_SCHEMA = z.toJSONSchema(JourneySettings, {
  io: 'input',
  unrepresentable: 'any',
}) as JsonSchema;
const SETTINGS_HINTS = {
  'entry.uniqueBy': {
    label: 'One run per value of (entry property)',
    help: 'e.g. cart_id; off = one run per customer',
  },
  'entry.reentry': { label: 'Re-entry' },
  exitCriteria: { label: 'Exit when the customer does' },
  'exitCriteria.*': { widget: 'event-matcher' as const, label: 'Event' },
  'goal.event': { widget: 'event-matcher' as const, label: 'Goal event' },
  'goal.attributionWindowHours': { label: 'Attribution window (hours)' },
  'governance.frequencyCaps': { label: 'Respect frequency caps' },
  'governance.quietHours': { label: 'Quiet hours' },
};

/** The side panel: the selected node's generated form, or the journey's settings and problems. */
export function Inspector(props: { options: PickerOptions }) {
  const inspectedNodeId = useEditorStore((state) => state.inspectedNodeId);
  return (
    <ScrollArea h="100%" p="sm" component="aside" aria-label="Inspector">
      {inspectedNodeId ? (
        <NodeInspector nodeId={inspectedNodeId} options={props.options} />
      ) : (
        <JourneyInspector options={props.options} />
      )}
    </ScrollArea>
  );
}

function NodeInspector(props: { nodeId: string; options: PickerOptions }) {
  const node = useEditorStore((state) =>
    state.document.nodes.find((candidate) => candidate.id === props.nodeId),
  );
  const nodes = useEditorStore((state) => state.document.nodes);
  const edges = useEditorStore((state) => state.document.edges);
  const allErrors = useEditorStore((state) => state.errors);
  const warnings = useEditorStore((state) => state.warnings);
  const readOnly = useEditorStore((state) => state.readOnly);
  const edit = useEditorStore((state) => state.edit);
  const inspect = useEditorStore((state) => state.inspect);
  const kind = node ? kindOf(node.type, node.version) : undefined;
  const schema = useMemo(() => (kind ? (configJsonSchema(kind) as JsonSchema) : null), [kind]);
  const errors = useMemo(
    () => allErrors.filter((error) => error.nodeId === props.nodeId),
    [allErrors, props.nodeId],
  );
  if (!node || !kind || !schema) return <Text c="gray.7">This node is gone.</Text>;
  const outputs = outputsOf(kind, node.config);
  const targets = nodes.filter(
    (candidate) => candidate.id !== node.id && takesInput(kindOf(candidate.type, candidate.version)),
  );
  const nodeErrorsWithoutField = errors.filter((error) => !error.field);
  return (
    <Stack gap="sm" data-testid="node-inspector">
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="h5">
          {kind.title}{' '}
          <Text span c="gray.7" size="sm">
            ({node.id})
          </Text>
        </Title>
        <Button size="xs" variant="subtle" onClick={() => inspect(null)}>
          Settings
        </Button>
      </Group>
      <Text size="xs" c="gray.7">
        {kind.description}
      </Text>
      {errors.length > 0 ? (
        <Alert
          variant="default"
          color="red"
          title={`${errors.length} problem${errors.length === 1 ? '' : 's'}`}
          data-testid="inspector-errors"
        >
          {errors.map((error, index) => (
            <Text key={index} size="xs">
              {error.field ? `${error.field}: ` : ''}
              {error.message}
            </Text>
          ))}
        </Alert>
      ) : null}
      {nodeErrorsWithoutField.length === 0 && warnings.some((warning) => warning.nodeId === node.id) ? (
        <Alert variant="default" color="yellow" title="Worth a look">
          {warnings
            .filter((warning) => warning.nodeId === node.id)
            .map((warning, index) => (
              <Text key={index} size="xs">
                {warning.message}
              </Text>
            ))}
        </Alert>
      ) : null}
      <TextInput
        id="node-label"
        label="Label on the canvas"
        placeholder={kind.title}
        value={node.label ?? ''}
        disabled={readOnly}
        onChange={(event) => {
          const label = event.currentTarget.value;
          edit(
            `Renamed ${node.id}`,
            (draft) => {
              const target = draft.nodes.find((candidate) => candidate.id === node.id)!;
              if (label) target.label = label;
              else delete target.label;
            },
            `label:${node.id}`,
          );
        }}
      />
      <SchemaForm
        schema={schema}
        value={node.config ?? {}}
        hints={kind.ui.fields}
        errors={errors}
        options={props.options}
        readOnly={readOnly}
        idPrefix={`config-${node.id}-`}
        onChange={(config) =>
          edit(
            `Edited ${node.id}`,
            (draft) => {
              draft.nodes.find((candidate) => candidate.id === node.id)!.config = config as never;
            },
            `config:${node.id}`,
          )
        }
      />
      {outputs.length > 0 ? (
        <>
          <Divider label="Where each output leads" labelPosition="left" />
          {outputs.map((output) => {
            const edge = edges.find(
              (candidate) =>
                candidate.source === node.id &&
                (candidate.output ?? (outputs.length === 1 ? output.name : null)) === output.name,
            );
            return (
              <Select
                key={output.name}
                id={`output-${node.id}-${output.name}`}
                label={output.label}
                placeholder="Nowhere (the journey ends here)"
                data={targets.map((target) => ({
                  value: target.id,
                  label: `${target.label ?? kindOf(target.type)?.title ?? target.type} (${target.id})`,
                }))}
                value={edge?.target ?? null}
                clearable
                disabled={readOnly}
                onChange={(target) => connect({ source: node.id, sourceHandle: output.name, target })}
              />
            );
          })}
        </>
      ) : null}
      {!readOnly ? (
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<Copy size={14} aria-hidden />}
            onClick={() => {
              useEditorStore.getState().select([node.id]);
              void copySelection();
            }}
          >
            Copy node
          </Button>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<Trash2 size={14} aria-hidden />}
            onClick={() => removeElements([node.id], [])}
          >
            Delete node
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function JourneyInspector(props: { options: PickerOptions }) {
  const settings = useEditorStore((state) => state.document.settings);
  const errors = useEditorStore((state) => state.errors);
  const warnings = useEditorStore((state) => state.warnings);
  const readOnly = useEditorStore((state) => state.readOnly);
  const edit = useEditorStore((state) => state.edit);
  const inspect = useEditorStore((state) => state.inspect);
  const settingsErrors = errors
    .filter((error) => !error.nodeId && !error.edgeId && error.field?.startsWith('settings.'))
    .map((error) => ({ ...error, field: error.field!.slice('settings.'.length) }));
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Problems
      </Title>
      {errors.length === 0 ? (
        <Text size="sm" c="teal.9" data-testid="no-problems">
          No problems: ready to publish.
        </Text>
      ) : (
        <Stack gap={4} data-testid="problem-list">
          {errors.map((error, index) => (
            <Button
              key={index}
              variant="subtle"
              color="red"
              size="compact-xs"
              justify="flex-start"
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
              onClick={() => error.nodeId && inspect(error.nodeId)}
            >
              {error.nodeId ? `${error.nodeId}: ` : ''}
              {error.field ? `${error.field}: ` : ''}
              {error.message}
            </Button>
          ))}
        </Stack>
      )}
      {warnings.length > 0 ? (
        <Alert
          variant="default"
          color="yellow"
          title={`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`}
          data-testid="warning-list"
        >
          {warnings.map((warning, index) => (
            <Text key={index} size="xs">
              {warning.nodeId}: {warning.message}
            </Text>
          ))}
        </Alert>
      ) : null}
      <Divider />
      <Title order={3} size="h5">
        Journey settings
      </Title>
      <SchemaForm
        schema={SETTINGS_SCHEMA}
        value={settings}
        hints={SETTINGS_HINTS}
        errors={settingsErrors}
        options={props.options}
        readOnly={readOnly}
        idPrefix="settings-"
        onChange={(next) =>
          edit(
            'Changed the journey settings',
            (draft) => {
              draft.settings = next as never;
            },
            'settings',
          )
        }
      />
    </Stack>
  );
}
