'use client';

import { Alert, Box, Code, Loader, Paper, SimpleGrid, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';

type Part = 'html' | 'text' | 'headers';

/**
 * One caught mail. The HTML part is shown in an iframe with an empty `sandbox` (no scripts, no forms, no
 * same-origin access): it is mail, from templates and customer data, and must not run inside the app.
 */
export function CaughtMailView({ workspaceId, mailId }: { workspaceId: string; mailId: string }) {
  const trpc = useTRPC();
  const mail = useQuery(trpc.mailbox.get.queryOptions({ workspaceId, mailId }));
  const [part, setPart] = useState<Part>('html');

  if (mail.error) return <Alert color="red">{mail.error.message}</Alert>;
  if (!mail.data) return <Loader size="sm" aria-label="Loading the mail" />;
  const shown: Part = part === 'html' && mail.data.html === null ? 'text' : part;
  const meta: [string, string][] = [
    ['From', mail.data.from],
    ['To', mail.data.to.join(', ')],
    ['Received', mail.data.receivedAt.toLocaleString()],
    ['Size', `${(mail.data.sizeBytes / 1024).toFixed(1)} KB`],
  ];

  return (
    <Paper withBorder radius="md" p="md" component="article">
      <Title order={2} size="h3" mb="sm">
        {mail.data.subject || '(no subject)'}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mb="md" data-testid="mail-meta">
        {meta.map(([label, value]) => (
          <Text key={label} size="sm">
            <Text span c="dimmed" size="sm">
              {label}:{' '}
            </Text>
            {value}
          </Text>
        ))}
      </SimpleGrid>
      <Tabs value={shown} onChange={(value) => value && setPart(value as Part)}>
        <Tabs.List aria-label="Parts">
          <Tabs.Tab value="html" disabled={mail.data.html === null}>
            HTML
          </Tabs.Tab>
          <Tabs.Tab value="text">Text</Tabs.Tab>
          <Tabs.Tab value="headers">Headers</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="md">
          {shown === 'html' ? (
            <Box
              component="iframe"
              title="Mail HTML"
              sandbox=""
              srcDoc={mail.data.html ?? ''}
              w="100%"
              h={560}
              bd="1px solid var(--mantine-color-default-border)"
              bg="white"
              style={{ borderRadius: 'var(--mantine-radius-sm)' }}
            />
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="md">
          <Code block tabIndex={0} data-testid="mail-text" style={{ whiteSpace: 'pre-wrap' }}>
            {mail.data.text ?? '(no text part)'}
          </Code>
        </Tabs.Panel>
        <Tabs.Panel value="headers" pt="md">
          <Table.ScrollContainer minWidth={480}>
            <Table data-testid="mail-headers" fz="sm" verticalSpacing={4}>
              <Table.Tbody>
                {mail.data.headers.map((header, index) => (
                  <Table.Tr key={`${header.name}-${index}`}>
                    <Table.Th scope="row" w={220}>
                      {header.name}
                    </Table.Th>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{header.value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
