import { Mailbox } from '../../../../../components/mailbox/mailbox';
import { PageHeader } from '../../../../../components/shell/page-header';

export default async function CaughtMailPage(props: {
  params: Promise<{ workspaceId: string; mailId: string }>;
}) {
  const { workspaceId, mailId } = await props.params;
  return (
    <>
      <PageHeader title="Mailbox" />
      <Mailbox workspaceId={workspaceId} mailId={mailId} />
    </>
  );
}
