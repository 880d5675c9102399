import { UsersRound } from 'lucide-react';
import { EmptyState } from '../../../../components/empty-state/empty-state';
import { PageHeader } from '../../../../components/shell/page-header';

export default function SegmentsPage() {
  return (
    <>
      <PageHeader title="Segments" />
      <EmptyState icon={UsersRound} title="Segments are coming to this page">
        Define who is in a segment and watch membership change in real time. Until then, segments are created
        through the API and the journey gallery.
      </EmptyState>
    </>
  );
}
