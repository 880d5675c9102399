'use client';

import { ActionIcon, Button, Group, Menu, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { LeafCondition, SegmentCondition } from '@nudgeflow/segments';
import { FolderPlus, Plus, Trash2 } from 'lucide-react';
import { CONDITION_KIND_OPTIONS, CONDITION_KINDS, LeafFields } from './condition-kinds';
import { groupView, isGroup, withAppended, withChild, withMode, type GroupMode } from './condition-tree';

const MODES: { value: GroupMode; label: string }[] = [
  { value: 'and', label: 'All of' },
  { value: 'or', label: 'Any of' },
  { value: 'none', label: 'None of' },
];

interface GroupProps {
  condition: SegmentCondition;
  onChange: (next: SegmentCondition) => void;
  onRemove?: () => void;
  segments: { id: string; name: string }[];
  /** "Group 1.2": names the group's controls for screen readers and tests. */
  name: string;
  depth: number;
}

/** A group of conditions (all / any / none of), holding leaves and nested groups. */
export function ConditionGroup(props: GroupProps) {
  const view = groupView(props.condition);
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      bg={props.depth % 2 === 0 ? undefined : 'var(--mantine-color-default-hover)'}
      role="group"
      aria-label={props.name}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <SegmentedControl
            size="xs"
            data={MODES}
            value={view.mode}
            aria-label={`${props.name} combines`}
            onChange={(mode) => props.onChange(withMode(props.condition, mode as GroupMode))}
          />
          {props.onRemove ? (
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${props.name}`}
              onClick={props.onRemove}
            >
              <Trash2 size={16} />
            </ActionIcon>
          ) : null}
        </Group>
        {view.conditions.length === 0 ? (
          <Text size="sm">
            {view.mode === 'or' ? 'An empty "any of" matches no one.' : 'No conditions: everyone matches.'}
          </Text>
        ) : null}
        {view.conditions.map((child, index) => {
          const childName = `${props.name}.${index + 1}`;
          const replace = (next: SegmentCondition | null) =>
            props.onChange(withChild(props.condition, index, next));
          return isGroup(child) ? (
            <ConditionGroup
              key={index}
              condition={child}
              onChange={replace}
              onRemove={() => replace(null)}
              segments={props.segments}
              name={`Group ${childName.replace(/^Group /, '')}`}
              depth={props.depth + 1}
            />
          ) : (
            <Paper
              key={index}
              withBorder
              p="xs"
              radius="sm"
              role="group"
              aria-label={`Condition ${childName.replace(/^Group /, '')}`}
            >
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={6} style={{ flex: 1 }}>
                  <Text size="sm" fw={600}>
                    {CONDITION_KINDS[(child as LeafCondition).kind].label}
                  </Text>
                  <LeafFields
                    condition={child as LeafCondition}
                    onChange={(next) => replace(next)}
                    segments={props.segments}
                  />
                </Stack>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove condition ${childName.replace(/^Group /, '')}`}
                  onClick={() => replace(null)}
                >
                  <Trash2 size={16} />
                </ActionIcon>
              </Group>
            </Paper>
          );
        })}
        <Group gap="xs">
          <Menu position="bottom-start">
            <Menu.Target>
              <Button
                size="xs"
                variant="light"
                leftSection={<Plus size={14} />}
                aria-label={`Add condition to ${props.name}`}
              >
                Add condition
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {CONDITION_KIND_OPTIONS.map((option) => (
                <Menu.Item
                  key={option.kind}
                  onClick={() =>
                    props.onChange(withAppended(props.condition, CONDITION_KINDS[option.kind].create()))
                  }
                >
                  {option.label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<FolderPlus size={14} />}
            aria-label={`Add group to ${props.name}`}
            onClick={() => props.onChange(withAppended(props.condition, { kind: 'or', conditions: [] }))}
          >
            Add group
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
