import type { ReactNode } from 'react';
import { TRPCReactProvider } from '../trpc/react';
import './globals.css';

export const metadata = { title: 'Nudgeflow', description: 'Customer journeys for shops' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
