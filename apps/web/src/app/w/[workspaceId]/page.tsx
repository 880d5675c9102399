import { env } from '@nudgeflow/config';
import { FirstRunChecklist } from '../../../components/home/first-run-checklist';
import { PageHeader } from '../../../components/shell/page-header';

export default async function WorkspaceHome(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return (
    <>
      <PageHeader title="Home" description="Set up the workspace, then build journeys for your shoppers." />
      <FirstRunChecklist workspaceId={workspaceId} publicUrl={env().PUBLIC_URL.replace(/\/$/, '')} />
    </>
  );
}
