'use client';

import { Badge, Group, List, Table, Text, ThemeIcon } from '@mantine/core';
import { Check, X } from 'lucide-react';
import { formatTime, ProfileSection, type CustomerProfileData } from './profile-section';

function YesNo({ yes, label }: { yes: boolean; label: string }) {
  return (
    <ThemeIcon
      size="sm"
      radius="xl"
      color={yes ? 'teal' : 'gray'}
      variant="light"
      role="img"
      aria-label={label}
    >
      {yes ? <Check size={12} aria-hidden /> : <X size={12} aria-hidden />}
    </ThemeIcon>
  );
}

/** Each channel's own reachability check (packages/channels), with the reason it gives when it refuses. */
export function ProfileReachability({ reachability }: { reachability: CustomerProfileData['reachability'] }) {
  return (
    <ProfileSection id="reachability" title="Reachability">
      <List spacing={6} listStyleType="none" aria-label="Reachability per channel">
        {reachability.map((reach) => (
          <List.Item key={reach.channel} data-channel={reach.channel}>
            <Group gap="xs" wrap="nowrap">
              <YesNo yes={reach.reachable} label={reach.reachable ? 'reachable' : 'not reachable'} />
              <Text size="sm" fw={500}>
                {reach.label}
              </Text>
              <Text size="sm" c="dimmed">
                {reach.reachable ? 'reachable' : reach.reason}
              </Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </ProfileSection>
  );
}

const SUBJECT_LABEL: Record<string, string> = {
  email: 'Email opt-in',
  sms: 'SMS opt-in',
  push: 'Push',
  all: 'All messages',
};

function subjectLabel(subject: string): string {
  if (subject.startsWith('topic:')) return `Topic ${subject.slice('topic:'.length)}`;
  return SUBJECT_LABEL[subject] ?? subject;
}

/** Consent now (per channel and topic) and every change that led there (ConsentChange), newest first. */
export function ProfileConsent({ consent }: { consent: CustomerProfileData['consent'] }) {
  return (
    <ProfileSection
      id="consent"
      title="Consent"
      aside={
        consent.unsubscribedAll ? (
          <Badge color="red" variant="light">
            unsubscribed from everything
          </Badge>
        ) : null
      }
    >
      <Table verticalSpacing={4} aria-label="Consent now">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Channel or topic</Table.Th>
            <Table.Th>Now</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>Email opt-in</Table.Td>
            <Table.Td>{consent.email.optIn ? 'granted' : 'not granted'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>SMS opt-in</Table.Td>
            <Table.Td>{consent.sms.optIn ? 'granted' : 'not granted'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Push subscriptions</Table.Td>
            <Table.Td>{consent.pushSubscriptions}</Table.Td>
          </Table.Tr>
          {consent.topics.map((topic) => (
            <Table.Tr key={topic.topic} data-topic={topic.topic}>
              <Table.Td>Topic {topic.topic}</Table.Td>
              <Table.Td>{topic.subscribed ? 'subscribed' : 'unsubscribed'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={600} mt="md" mb={4} id="consent-history-title">
        History
      </Text>
      {consent.history.length === 0 ? (
        <Text size="sm" c="dimmed">
          No consent changes recorded.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-labelledby="consent-history-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Change</Table.Th>
              <Table.Th>Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consent.history.map((change, index) => (
              <Table.Tr key={index}>
                <Table.Td>{formatTime(change.at)}</Table.Td>
                <Table.Td>{subjectLabel(change.subject)}</Table.Td>
                <Table.Td>{change.granted ? 'granted' : 'withdrawn'}</Table.Td>
                <Table.Td>{change.source}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ProfileSection>
  );
}
