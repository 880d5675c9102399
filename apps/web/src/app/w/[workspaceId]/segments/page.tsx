export default function SegmentsPage() {
  return (
    <>
      <h1>Segments</h1>
      <div className="placeholder">Define who is in a segment and watch membership change in real time.</div>
    </>
  );
}
