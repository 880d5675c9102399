'use client';

import { createAuthClient } from 'better-auth/react';

/** Same-origin better-auth client: the browser talks to /api/auth of the app that served it. */
export const authClient = createAuthClient();
