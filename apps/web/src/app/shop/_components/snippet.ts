/**
 * The install snippet of docs/sdk.md, as the demo shop uses it: it records calls made before the script
 * loads. The service worker is scoped to /shop/ so it never touches the admin app on the same origin.
 */
export function sdkSnippet(writeKey: string): string {
  return `window.nudgeflow = window.nudgeflow || [];
['load','track','identify','page','alias','reset'].forEach(function (m) {
  window.nudgeflow[m] = window.nudgeflow[m] || function () { window.nudgeflow.push([m].concat([].slice.call(arguments))); };
});
window.nudgeflow.load(${JSON.stringify(writeKey).replace(/</g, '\\u003c')}, {
  host: window.location.origin,
  push: { serviceWorkerUrl: '/sdk/sw.js', scope: '/shop/' }
});`;
}
