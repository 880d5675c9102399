'use client';

import { Badge, Code, Group, Table, Text, Tooltip } from '@mantine/core';
import { formatTime, ProfileSection, type CustomerProfileData } from './profile-section';

const ATTRIBUTES: readonly { key: keyof CustomerProfileData['customer']; label: string }[] = [
  { key: 'userId', label: 'User id' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'lifecycleStage', label: 'Lifecycle stage' },
  { key: 'orderCount', label: 'Orders' },
  { key: 'country', label: 'Country' },
  { key: 'region', label: 'Region' },
  { key: 'locale', label: 'Locale' },
  { key: 'timezone', label: 'Time zone' },
  { key: 'platform', label: 'Platform' },
  { key: 'deviceType', label: 'Device' },
  { key: 'source', label: 'Source' },
  { key: 'tags', label: 'Tags' },
  { key: 'firstSeenAt', label: 'First seen' },
  { key: 'lastSeenAt', label: 'Last seen' },
];

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return formatTime(value);
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return String(value);
}

/** Profile columns and traits; those ingestion derives from events carry a "derived" badge saying from what. */
export function ProfileAttributes({ data }: { data: CustomerProfileData }) {
  const traits = Object.entries((data.customer.traits ?? {}) as Record<string, unknown>);
  return (
    <ProfileSection id="attributes" title="Attributes">
      <Table verticalSpacing={6} aria-label="Profile attributes">
        <Table.Tbody>
          {ATTRIBUTES.map(({ key, label }) => {
            const how = data.derived[key];
            return (
              <Table.Tr key={key} data-attribute={key}>
                <Table.Th scope="row" w="40%">
                  <Group gap={6} wrap="nowrap">
                    <span>{label}</span>
                    {how ? (
                      <Tooltip label={`Derived: ${how}`} withArrow multiline w={240}>
                        <Badge
                          size="xs"
                          variant="outline"
                          color="gray"
                          style={{ flexShrink: 0 }}
                          tabIndex={0}
                          role="img"
                          aria-label={`derived: ${how}`}
                        >
                          derived
                        </Badge>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Table.Th>
                <Table.Td>
                  {key === 'lifecycleStage'
                    ? show(data.customer[key]).toLowerCase()
                    : show(data.customer[key])}
                </Table.Td>
              </Table.Tr>
            );
          })}
          {traits.map(([trait, value]) => (
            <Table.Tr key={`trait:${trait}`}>
              <Table.Th scope="row">
                <Code>traits.{trait}</Code>
              </Table.Th>
              <Table.Td>{typeof value === 'object' ? JSON.stringify(value) : show(value)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {traits.length === 0 ? (
        <Text size="sm" c="dimmed" mt="xs">
          No custom traits yet: identify calls add them.
        </Text>
      ) : null}
    </ProfileSection>
  );
}

const IDENTITY_LABEL: Record<string, string> = {
  USER_ID: 'user id',
  ANONYMOUS_ID: 'anonymous id',
  EMAIL: 'email',
};

/** Every id the customer is known by; emails are profile fields, listed here too as they identify people. */
export function ProfileIdentities(props: {
  identities: CustomerProfileData['identities'];
  /** The profile's email: not an identity row, but people are found by it. */
  email: string | null;
}) {
  const identities = [
    ...props.identities,
    ...(props.email ? [{ kind: 'EMAIL', value: props.email, createdAt: null }] : []),
  ];
  return (
    <ProfileSection id="identities" title="Identities">
      {identities.length === 0 ? (
        <Text size="sm" c="dimmed">
          No identities recorded (an imported profile without ids).
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Identities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Since</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {identities.map((identity) => (
              <Table.Tr key={`${identity.kind}:${identity.value}`}>
                <Table.Td>{IDENTITY_LABEL[identity.kind] ?? identity.kind.toLowerCase()}</Table.Td>
                <Table.Td>
                  <Code>{identity.value}</Code>
                </Table.Td>
                <Table.Td>{formatTime(identity.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ProfileSection>
  );
}
