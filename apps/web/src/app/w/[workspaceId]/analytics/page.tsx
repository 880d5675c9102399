export default function AnalyticsPage() {
  return (
    <>
      <h1>Analytics</h1>
      <div className="placeholder">Delivery, engagement and conversion per journey and node.</div>
    </>
  );
}
