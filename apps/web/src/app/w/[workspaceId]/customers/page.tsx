import { CustomerList } from '~/components/customers/customer-list';

export default async function CustomersPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return (
    <>
      <h1>Customers</h1>
      <CustomerList workspaceId={workspaceId} />
    </>
  );
}
