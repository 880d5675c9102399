'use client';

import { Group, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { AnyNodeKind } from '@nudgeflow/journey';
import { Search } from 'lucide-react';
import { memo, useMemo, useState } from 'react';
import { CATEGORY_TITLES, iconOf, registry } from './node-kinds';

export const KIND_DRAG_TYPE = 'application/x-nudgeflow-kind';

/**
 * The palette: every registered node kind (plugins included, as they are in the registry), grouped by
 * category and searchable. Drag one onto the canvas, or press Enter on it to place it in the middle.
 */
function PaletteView(props: { onAdd(kind: AnyNodeKind): void; disabled: boolean }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const kinds = registry
      .latest()
      .filter(
        (kind) => !needle || `${kind.title} ${kind.description} ${kind.type}`.toLowerCase().includes(needle),
      );
    const byCategory = new Map<string, AnyNodeKind[]>();
    for (const kind of kinds) byCategory.set(kind.category, [...(byCategory.get(kind.category) ?? []), kind]);
    return [...byCategory];
  }, [query]);
  return (
    <Stack gap="xs" h="100%" p="xs" component="nav" aria-label="Node palette">
      <TextInput
        id="palette-search"
        aria-label="Search node kinds"
        placeholder="Search nodes (/)"
        leftSection={<Search size={14} aria-hidden />}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
      />
      <ScrollArea style={{ flex: 1 }}>
        {groups.map(([category, kinds]) => (
          <div key={category} role="group" aria-label={CATEGORY_TITLES[category] ?? category}>
            <Text size="xs" fw={700} c="gray.7" tt="uppercase" mt="xs" mb={4}>
              {CATEGORY_TITLES[category] ?? category}
            </Text>
            {kinds.map((kind) => {
              const Icon = iconOf(kind.ui.icon);
              return (
                <UnstyledButton
                  key={kind.type}
                  data-testid={`palette-${kind.type}`}
                  draggable={!props.disabled}
                  disabled={props.disabled}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(KIND_DRAG_TYPE, kind.type);
                    event.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => props.onAdd(kind)}
                  title="Drag onto the canvas, or press Enter to add"
                  w="100%"
                  p={6}
                  style={{ borderRadius: 6, borderLeft: `3px solid ${kind.ui.color}`, cursor: 'grab' }}
                >
                  <Group gap={6} wrap="nowrap">
                    <Icon size={16} color={kind.ui.color} aria-hidden style={{ flexShrink: 0 }} />
                    <div>
                      <Text size="sm" fw={500}>
                        {kind.title}
                      </Text>
                      <Text size="xs" c="gray.7" lineClamp={2}>
                        {kind.description}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              );
            })}
          </div>
        ))}
        {groups.length === 0 ? (
          <Text size="sm" c="gray.7">
            No node kind matches “{query}”.
          </Text>
        ) : null}
      </ScrollArea>
    </Stack>
  );
}

export const Palette = memo(PaletteView);
