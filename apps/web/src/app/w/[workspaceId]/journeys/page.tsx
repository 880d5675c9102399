export default function JourneysPage() {
  return (
    <>
      <h1>Journeys</h1>
      <div className="placeholder">
        Draw a journey: trigger, waits, branches and messages. The canvas arrives with the journey builder.
      </div>
    </>
  );
}
