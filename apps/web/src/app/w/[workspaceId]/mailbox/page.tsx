import { Mailbox } from '../../../../components/mailbox/mailbox';
import { PageHeader } from '../../../../components/shell/page-header';

export default async function MailboxPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return (
    <>
      <PageHeader
        title="Mailbox"
        description="Mail caught by the built-in SMTP catcher: no SMTP server is configured, so nothing leaves."
      />
      <Mailbox workspaceId={workspaceId} mailId={null} />
    </>
  );
}
