'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { callSdk } from './sdk-calls';

/** One page() per client-side navigation, as Segment recommends for single-page apps. */
export function PageTracker() {
  const pathname = usePathname();
  useEffect(() => {
    callSdk('page');
  }, [pathname]);
  return null;
}
