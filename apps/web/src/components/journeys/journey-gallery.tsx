'use client';

import {
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Sparkles } from 'lucide-react';
import { useTRPC } from '../../trpc/react';
import { channelUi } from '../templates/channels';
import { isTemplateChannel } from '../templates/channel-meta';

function channelLabel(channel: string): string {
  return isTemplateChannel(channel) ? channelUi(channel).label : channel;
}

/** The gallery of ready shop journeys; choosing one creates it, with its templates, as a draft. */
export function JourneyGallery(props: { workspaceId: string; opened: boolean; onClose(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cards = useQuery({
    ...trpc.journeys.gallery.queryOptions({ workspaceId: props.workspaceId }),
    enabled: props.opened,
  });
  const create = useMutation(
    trpc.journeys.createFromGallery.mutationOptions({
      onSuccess: async (created) => {
        notifications.show({
          color: 'green',
          title: `“${created.journey.name}” created as a draft`,
          message: `With ${created.templateIds.length} template${created.templateIds.length === 1 ? '' : 's'}: review and publish it when ready.`,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.journeys.list.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
        props.onClose();
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Not created', message: error.message }),
    }),
  );

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Journey gallery"
      size="80rem"
      closeButtonProps={{ 'aria-label': 'Close the gallery' }}
    >
      <Text c="dimmed" size="sm" mb="md">
        Ready journeys for a shop. Each one is created as a draft with its templates, for you to adjust and
        publish.
      </Text>
      {cards.isLoading ? <Loader size="sm" aria-label="Loading the gallery" /> : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        {(cards.data ?? []).map((card) => (
          <Card key={card.id} withBorder radius="md" padding="md" component="article" aria-label={card.name}>
            <Stack gap="xs" h="100%">
              <Title order={3} size="h5">
                {card.name}
              </Title>
              <Text size="sm">{card.summary}</Text>
              <Group gap={4}>
                {card.channels.map((channel) => (
                  <Badge key={channel} variant="default" size="sm">
                    {channelLabel(channel)}
                  </Badge>
                ))}
              </Group>
              <Text size="xs" c="dimmed">
                {card.steps} steps · {card.templates.length} template{card.templates.length === 1 ? '' : 's'}
              </Text>
              <List size="xs" c="dimmed" style={{ flex: 1 }}>
                {card.templates.map((template) => (
                  <List.Item key={template.name}>{template.name}</List.Item>
                ))}
              </List>
              <Button
                variant="light"
                leftSection={<Sparkles size={14} aria-hidden />}
                loading={create.isPending && create.variables?.galleryId === card.id}
                disabled={create.isPending && create.variables?.galleryId !== card.id}
                onClick={() => create.mutate({ workspaceId: props.workspaceId, galleryId: card.id })}
                aria-label={`Use this journey: ${card.name}`}
              >
                Use this journey
              </Button>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </Modal>
  );
}
