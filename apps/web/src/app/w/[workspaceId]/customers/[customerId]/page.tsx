import { CustomerProfile } from '~/components/customers/customer-profile';

export default async function CustomerProfilePage(props: {
  params: Promise<{ workspaceId: string; customerId: string }>;
}) {
  const { workspaceId, customerId } = await props.params;
  return <CustomerProfile workspaceId={workspaceId} customerId={customerId} />;
}
