import { env } from '@nudgeflow/config';
import { Client, Connection } from '@temporalio/client';

/**
 * One Temporal connection per web process, made on first use (the web app must start, and ingest, while
 * Temporal is down). A failed connect is forgotten so the next call tries again.
 */
let connection: Promise<Connection> | undefined;

export function getTemporalConnection(connectTimeoutMs = 2_000): Promise<Connection> {
  const address = env().TEMPORAL_ADDRESS;
  if (!address) return Promise.reject(new Error('TEMPORAL_ADDRESS is not set'));
  connection ??= Connection.connect({ address, connectTimeout: connectTimeoutMs }).catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

/** Drops a connection that stopped answering, so the next caller reconnects. */
export function forgetTemporalConnection(broken: Connection): void {
  void connection?.then((current) => {
    if (current === broken) connection = undefined;
  });
  void broken.close().catch(() => undefined);
}

export async function getTemporalClient(): Promise<Client> {
  return new Client({ connection: await getTemporalConnection(), namespace: env().TEMPORAL_NAMESPACE });
}
