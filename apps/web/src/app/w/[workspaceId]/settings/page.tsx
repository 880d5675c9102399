import { headers } from 'next/headers';
import { SettingsTabs } from '../../../../components/settings/settings-tabs';
import { getSessionUser } from '../../../../server/auth';

export default async function SettingsPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  const user = await getSessionUser(await headers());
  return <SettingsTabs workspaceId={workspaceId} currentUserId={user?.id} />;
}
