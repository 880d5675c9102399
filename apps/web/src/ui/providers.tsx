'use client';

import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '../trpc/react';
import { cssVariablesResolver, theme } from './theme';

/** Everything a page needs around it: the Mantine kit (theme, modals, notifications) and tRPC + TanStack Query. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <ModalsProvider>
        <Notifications position="top-right" />
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </ModalsProvider>
    </MantineProvider>
  );
}
