import { SettingsTabs } from '../../../../components/settings/settings-tabs';

export default async function SettingsPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return <SettingsTabs workspaceId={workspaceId} />;
}
