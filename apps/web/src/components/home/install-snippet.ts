/** The install snippet of docs/sdk.md, filled in with a workspace's write key and this deployment's URL. */
export function installSnippet(writeKey: string, host: string): string {
  const key = JSON.stringify(writeKey).replace(/</g, '\\u003c');
  const origin = JSON.stringify(host).replace(/</g, '\\u003c');
  return `<script>
  window.nudgeflow = window.nudgeflow || [];
  ['load', 'track', 'identify', 'page', 'alias', 'reset'].forEach(function (m) {
    window.nudgeflow[m] =
      window.nudgeflow[m] ||
      function () {
        window.nudgeflow.push([m].concat([].slice.call(arguments)));
      };
  });
  nudgeflow.load(${key}, { host: ${origin} });
  nudgeflow.page();
</script>
<script async src="${host}/sdk/nudgeflow.js"></script>`;
}

/**
 * A first event from a terminal, as docs/api.md sends one (the write key as the Basic username). It is an
 * anonymous visitor's: with identity verification on (new workspaces), a write-key call that names a
 * userId without its proof is kept only as anonymous activity, and one with no anonymousId is dropped.
 */
export function firstEventCommand(writeKey: string, host: string): string {
  return `curl ${host}/v1/track -u '${writeKey}:' -H 'Content-Type: application/json' \\
  -d '{"anonymousId": "first-visitor", "event": "Hello Nudgeflow"}'`;
}
