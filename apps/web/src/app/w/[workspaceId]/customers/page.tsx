import { CustomerList } from '../../../../components/customers/customer-list';
import { PageHeader } from '../../../../components/shell/page-header';

export default async function CustomersPage(props: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await props.params;
  return (
    <>
      <PageHeader
        title="Customers"
        description="Everyone the shop has sent events for, most recently seen first."
      />
      <CustomerList workspaceId={workspaceId} />
    </>
  );
}
