import { BarChart3 } from 'lucide-react';
import { EmptyState } from '../../../../components/empty-state/empty-state';
import { PageHeader } from '../../../../components/shell/page-header';

export default function AnalyticsPage() {
  return (
    <>
      <PageHeader title="Analytics" />
      <EmptyState icon={BarChart3} title="Nothing to chart yet">
        Delivery, engagement and conversion per journey and per node will show here once journeys send
        messages.
      </EmptyState>
    </>
  );
}
