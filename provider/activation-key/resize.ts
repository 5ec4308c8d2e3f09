// Resizing an ActivationKey's connection at AWS: before acceptance UpdateConnection re-issues the key, after it AWS
// resizes the live connection. A resize cut short resumes on the next `up` with the wait only (AWS already reports it).
import { BandwidthGbps, Connection, ConnectionState, fromWireBandwidth, toWireBandwidth } from "../../schema/aws";
import { AwsApiError } from "../clients/errors";
import type { AwsInterconnectClient } from "../clients/aws";
import { getConnection, requireConnection } from "../common/aws-connection/find";
import { waitConnectionState } from "../common/aws-connection/wait";
import { progress } from "../progress";
import { waitUntil } from "../common/wait";

/** States in which AWS cannot resize the connection: the resize is refused before anything is sent. */
const UNRESIZABLE_STATES: readonly ConnectionState[] = ["down", "failed", "deleting", "deleted"];

/** What AWS reports; a size outside the tiers shows as 0, which the next check refuses with the tier list. */
export const bandwidthOf = (connection: Connection) => (fromWireBandwidth(connection.bandwidth) ?? 0) as BandwidthGbps;

/** Unused: no partner has accepted the key yet, so a resize re-issues it. */
export const isKeyUnused = (connection: Connection) => connection.state === "requested";

export interface Resize {
  client: AwsInterconnectClient;
  id: string;
  subject: string;
  /** The declared bandwidth before this change, and the one to reach. */
  from: number;
  to: BandwidthGbps;
  timeoutMs: number;
}

/**
 * Brings the connection to `to` Gbps at AWS and returns it as AWS then reports it: `available` at the new tier, or
 * still `requested` with a re-issued key. Throws, having sent nothing, when the connection cannot be resized now.
 */
export async function resizeConnection(resize: Resize, current: Connection): Promise<Connection> {
  const { client, id, subject, to } = resize;
  const deadline = Date.now() + resize.timeoutMs;
  const remaining = () => Math.max(0, deadline - Date.now());
  let connection = current;
  if (bandwidthOf(connection) === to && !isKeyUnused(connection)) {
    // An earlier `up` asked already (its wait was cut short): wait again, never ask twice.
    progress(subject, `AWS already has ${to} Gbps (state ${connection.state}); waiting for it to be available`);
    return waitConnectionBandwidth(client, id, subject, to, remaining());
  }
  if (bandwidthOf(connection) === to) return connection;
  refuseUnresizable(resize, connection);
  if (connection.state === "pending" || connection.state === "updating") {
    progress(subject, `state ${connection.state}: the resize to ${to} Gbps waits until the connection is available`);
    connection = await waitConnectionState(client, id, subject, ["available"], remaining());
    // The change it waited for may be this very resize, asked by a run that was killed before it recorded it.
    if (bandwidthOf(connection) === to) return connection;
  }
  progress(subject, `bandwidthGbps ${resize.from} => ${to}: UpdateConnection`);
  const answer = await requestResize(resize, connection);
  if (isKeyUnused(answer)) {
    progress(subject, `activation key re-issued at ${to} Gbps (no partner has accepted it yet)`);
    return answer;
  }
  return waitConnectionBandwidth(client, id, subject, to, remaining());
}

function refuseUnresizable({ subject, from, to }: Resize, connection: Connection): void {
  if (!UNRESIZABLE_STATES.includes(connection.state)) return;
  throw new Error(
    `${subject}: cannot resize ${from} => ${to} Gbps: the connection is ${connection.state} at AWS, and a ` +
      `${connection.state} connection cannot change its bandwidth; nothing was sent. ` +
      (connection.state === "down"
        ? "Restore its links first (see the partner's link states), then run `pulumi up` again."
        : "Replace the ActivationKey (`pulumi up --replace <its URN>`) to order a new connection."),
  );
}

/** UpdateConnection with the new bandwidth; a refusal says the tier, AWS's (or the partner's) reason and a remedy. */
async function requestResize({ client, id, subject, from, to }: Resize, connection: Connection): Promise<Connection> {
  try {
    const answer = await client.updateConnection({ identifier: id, bandwidth: toWireBandwidth(to) });
    return requireConnection("UpdateConnection", answer.connection);
  } catch (e) {
    if (!(e instanceof AwsApiError) || e.retryable) throw e;
    throw new Error(
      `${subject}: AWS refused to resize the connection ${from} => ${to} Gbps (${e.type}: ${e.serverMessage}). ` +
        `It stays at ${connection.bandwidth}, and so does this stack's state. ` +
        `Choose a tier the environment has room for (ListEnvironments shows what is available now), ` +
        `step through smaller tiers, or ask the partner to move the connection to an interconnect with room.`,
      { cause: e },
    );
  }
}

/** Polls GetConnection until AWS reports the connection available at `gbps`. */
export function waitConnectionBandwidth(
  client: AwsInterconnectClient,
  id: string,
  subject: string,
  gbps: number,
  timeoutMs: number,
): Promise<Connection> {
  return waitUntil({
    subject,
    goal: `state available at ${gbps} Gbps`,
    poll: () => getConnection(client, id),
    isDone: (c) => c.state === "available" && bandwidthOf(c) === gbps,
    failure: (c) =>
      UNRESIZABLE_STATES.includes(c.state)
        ? `connection is ${c.state}`
        : c.state === "available" && bandwidthOf(c) !== gbps
          ? `AWS reports the connection available at ${c.bandwidth}, not ${gbps} Gbps: the resize was not applied ` +
            `(the partner refused it, or another change resized it)`
          : undefined,
    describe: (c) => `state ${c.state}, ${c.bandwidth}`,
    timeoutMs,
    // AWS waits last minutes: poll at most every 5 s, not the partner API's 0.8 s.
    maxDelayMs: 5000,
  });
}
