'use client';

import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Table, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';
import { isTemplateChannel, type TemplateChannel } from './channel-meta';
import { CHANNEL_UI_LIST, channelUi } from './channels';

/** The workspace's templates, filtered by channel, with a way to start a new one. */
export function TemplateList({
  workspaceId,
  channel,
}: {
  workspaceId: string;
  channel: TemplateChannel | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [newChannel, setNewChannel] = useState<TemplateChannel>(channel ?? 'email');
  const templates = useQuery(
    trpc.templates.list.queryOptions({ workspaceId, ...(channel ? { channel } : {}) }),
  );
  const base = `/w/${workspaceId}/templates`;

  return (
    <section>
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Tabs
          value={channel ?? 'all'}
          onChange={(value) => router.push(value && value !== 'all' ? `${base}?channel=${value}` : base)}
        >
          <Tabs.List aria-label="Channels">
            <Tabs.Tab value="all">All</Tabs.Tab>
            {CHANNEL_UI_LIST.map((ui) => {
              const Icon = ui.icon;
              return (
                <Tabs.Tab key={ui.id} value={ui.id} leftSection={<Icon size={14} aria-hidden />}>
                  {ui.label}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
        </Tabs>
        <Group gap="xs" align="flex-end">
          <NativeSelect
            label="New template channel"
            name="new-template-channel"
            value={newChannel}
            onChange={(event) => setNewChannel(event.currentTarget.value as TemplateChannel)}
            data={CHANNEL_UI_LIST.map((ui) => ({ value: ui.id, label: ui.label }))}
          />
          <Button
            leftSection={<Plus size={16} aria-hidden />}
            onClick={() => router.push(`${base}/new?channel=${newChannel}`)}
          >
            New template
          </Button>
        </Group>
      </Group>
      {templates.error ? <Alert color="red">{templates.error.message}</Alert> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Languages</Table.Th>
              <Table.Th>Topic</Table.Th>
              <Table.Th>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(templates.data ?? []).map((template) => (
              <Table.Tr key={template.id}>
                <Table.Td>
                  <Anchor component={Link} href={`${base}/${template.id}`}>
                    {template.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">
                    {isTemplateChannel(template.channel)
                      ? channelUi(template.channel).label
                      : template.channel}
                  </Badge>
                </Table.Td>
                <Table.Td>{template.locales.join(', ')}</Table.Td>
                <Table.Td>
                  {template.topicKey ?? (
                    <Text span c="dimmed" size="sm">
                      transactional
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{template.updatedAt.toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {templates.isLoading ? <Loader size="sm" mt="md" aria-label="Loading templates" /> : null}
      {templates.data && templates.data.length === 0 ? (
        <Text c="dimmed" mt="md">
          No {channel ? `${channelUi(channel).label} ` : ''}templates yet.
        </Text>
      ) : null}
    </section>
  );
}
