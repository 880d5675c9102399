'use client';

import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import { formatTime, ProfileSection, type CustomerProfileData } from './profile-section';

const STATUS_COLOR: Record<string, string> = {
  PENDING: 'yellow',
  SENT: 'blue',
  DELIVERED: 'teal',
  FAILED: 'red',
  SKIPPED: 'gray',
};

/** Every message the customer was sent (or that was skipped, with why), and its receipts in order. */
export function ProfileMessages({ messages }: { messages: CustomerProfileData['messages'] }) {
  return (
    <ProfileSection id="messages" title="Messages">
      {messages.length === 0 ? (
        <Text size="sm" c="dimmed">
          No messages sent to this customer yet.
        </Text>
      ) : (
        <Stack gap="sm">
          {messages.map((message) => (
            <article
              key={message.id}
              data-message={message.id}
              aria-label={`${message.channel} message ${message.templateName ?? ''}`}
            >
              <Group gap="xs">
                <Badge variant="outline">{message.channel}</Badge>
                <Text size="sm" fw={500}>
                  {message.templateName ?? 'message'}
                </Text>
                <Badge variant="dot" color={STATUS_COLOR[message.status] ?? 'gray'}>
                  {message.status.toLowerCase()}
                </Badge>
                <Text size="xs" c="dimmed">
                  {formatTime(message.sentAt ?? message.createdAt)}
                </Text>
              </Group>
              {message.reason ? (
                <Text size="xs" c="dimmed" mt={2}>
                  {message.reason}
                </Text>
              ) : null}
              {message.receipts.length > 0 ? (
                <Timeline bulletSize={12} lineWidth={2} mt="xs" ml="xs" aria-label="Receipts">
                  {message.receipts.map((receipt, index) => (
                    <Timeline.Item key={index} title={receipt.type} data-receipt={receipt.type}>
                      <Text size="xs" c="dimmed">
                        {formatTime(receipt.at)}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              ) : (
                <Text size="xs" c="dimmed" mt={2}>
                  No receipts yet.
                </Text>
              )}
            </article>
          ))}
        </Stack>
      )}
    </ProfileSection>
  );
}
