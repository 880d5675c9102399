export default function TemplatesPage() {
  return (
    <>
      <h1>Templates</h1>
      <div className="placeholder">Push, email, in-app and SMS templates with per-locale variants.</div>
    </>
  );
}
