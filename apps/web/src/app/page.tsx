export default function HomePage() {
  return (
    <main>
      <h1>Nudgeflow</h1>
    </main>
  );
}
