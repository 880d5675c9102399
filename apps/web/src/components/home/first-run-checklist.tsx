'use client';

import {
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, Circle } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useTRPC } from '~/trpc/react';
import { firstEventCommand, installSnippet } from './install-snippet';

type Step = 'installSnippet' | 'sendFirstEvent' | 'createSegment' | 'publishJourney';

function CopyCode(props: { value: string; label: string; testId: string }) {
  return (
    <Stack gap={4}>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid={props.testId}>
        {props.value}
      </Code>
      <CopyButton value={props.value}>
        {({ copied, copy }) => (
          <Button
            size="xs"
            variant="default"
            onClick={copy}
            w="fit-content"
            aria-label={`Copy ${props.label}`}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}

/**
 * The workspace home's first-run checklist. Steps tick themselves from real data (the server decides:
 * server/workspaces/first-run.ts); the checklist can be put away for the whole workspace.
 */
export function FirstRunChecklist(props: { workspaceId: string; publicUrl: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId } = props;
  const checklist = useQuery({
    ...trpc.workspace.checklist.queryOptions({ workspaceId }),
    // Ticks itself while someone installs the snippet in another tab.
    refetchInterval: 5_000,
  });
  const workspace = useQuery(trpc.workspace.current.queryOptions({ workspaceId }));
  const dismiss = useMutation(
    trpc.workspace.dismissChecklist.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.workspace.checklist.queryKey({ workspaceId }), data),
    }),
  );

  if (checklist.error) return <Alert color="red">{checklist.error.message}</Alert>;
  if (!checklist.data || !workspace.data) return <Skeleton height={280} aria-label="Loading the checklist" />;
  if (checklist.data.dismissedAt) {
    return (
      <Text c="dimmed" size="sm">
        The setup checklist is dismissed. Journeys, segments and customers are in the sidebar.
      </Text>
    );
  }

  const writeKey = workspace.data.writeKey;
  const done = new Map(checklist.data.steps.map((step) => [step.step as Step, step.done]));
  const doneCount = checklist.data.steps.filter((step) => step.done).length;
  const steps: { step: Step; title: string; body: ReactNode }[] = [
    {
      step: 'installSnippet',
      title: 'Install the SDK snippet',
      body: (
        <>
          <Text size="sm">
            Paste this before <Code>&lt;/head&gt;</Code> on every page of the shop. It carries this
            workspace&apos;s write key, which is public.
          </Text>
          <CopyCode
            value={installSnippet(writeKey, props.publicUrl)}
            label="SDK snippet"
            testId="sdk-snippet"
          />
        </>
      ),
    },
    {
      step: 'sendFirstEvent',
      title: 'Send a first event',
      body: (
        <>
          <Text size="sm">Open a page of the shop with the snippet, or send one from a terminal:</Text>
          <CopyCode
            value={firstEventCommand(writeKey, props.publicUrl)}
            label="first event command"
            testId="first-event-command"
          />
        </>
      ),
    },
    {
      step: 'createSegment',
      title: 'Create a segment',
      body: (
        <Text size="sm">
          Describe who to reach in the{' '}
          <Anchor component={Link} href={`/w/${workspaceId}/segments`}>
            segment builder
          </Anchor>
          .
        </Text>
      ),
    },
    {
      step: 'publishJourney',
      title: 'Publish a journey',
      body: (
        <Text size="sm">
          Start from the{' '}
          <Anchor component={Link} href={`/w/${workspaceId}/journeys`}>
            journey gallery
          </Anchor>{' '}
          and publish it.
        </Text>
      ),
    },
  ];

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="first-run-title">
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Title order={2} size="h3" id="first-run-title">
            Get started
          </Title>
          <Text size="sm" c="dimmed">
            {doneCount} of {steps.length} done
            {checklist.data.complete
              ? ': this workspace is set up.'
              : '. Each step ticks itself when it happens.'}
          </Text>
        </div>
        <Button
          variant="subtle"
          color="gray"
          loading={dismiss.isPending}
          onClick={() => dismiss.mutate({ workspaceId })}
        >
          Dismiss checklist
        </Button>
      </Group>
      <Progress value={(doneCount / steps.length) * 100} mb="md" aria-label="Checklist progress" />
      <Stack component="ol" gap="md" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {steps.map(({ step, title, body }) => {
          const ticked = done.get(step) === true;
          return (
            <li key={step} data-step={step} data-done={ticked}>
              <Group align="flex-start" wrap="nowrap" gap="sm">
                <ThemeIcon
                  radius="xl"
                  size="md"
                  color={ticked ? 'teal' : 'gray'}
                  variant={ticked ? 'filled' : 'light'}
                  aria-label={ticked ? 'done' : 'to do'}
                  role="img"
                >
                  {ticked ? <Check size={16} aria-hidden /> : <Circle size={12} aria-hidden />}
                </ThemeIcon>
                <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
                  <Text fw={600} td={ticked ? 'line-through' : undefined}>
                    {title}
                  </Text>
                  {ticked ? null : body}
                </Stack>
              </Group>
            </li>
          );
        })}
      </Stack>
    </Paper>
  );
}
