import type { ReactNode } from 'react';

export const metadata = { title: 'Nudgeflow', description: 'Customer journeys for shops' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
