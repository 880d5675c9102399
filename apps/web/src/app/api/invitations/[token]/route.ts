import { route } from '~/server/http/route';
import { handleAcceptInvitation } from '~/server/team/accept-invitation';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ token: string }>(
  '/api/invitations/:token',
  { POST: handleAcceptInvitation },
);
