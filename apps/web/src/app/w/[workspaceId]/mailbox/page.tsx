import { Mailbox } from '~/components/mailbox/mailbox';

export default async function MailboxPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return (
    <>
      <h1>Mailbox</h1>
      <Mailbox workspaceId={workspaceId} mailId={null} />
    </>
  );
}
