// The partner side of a connection, as every resource reads it (the AWS side: ./aws-connection/). The names follow
// one scheme on both sides: find… (undefined when the connection is gone), wait…<Goal> (polls until the goal, ends
// early on failure, times out with the last state seen), and retryWhileConflicting (repeats while the partner is busy
// with another change).
import type { PartnerConnection, PartnerConnectionState } from "../../schema/customer";
import { isConflict, isNotFound } from "../clients/errors";
import type { PartnerClient } from "../clients/partner";
import { listAll } from "../clients/paging";
import { settingsEpoch } from "../settings";
import { findLive, isGone } from "./lifecycle";
import { specVersionProblem } from "./validation";
import { lastObserved, waitUntil } from "./wait";

/** The live connection, or undefined when it no longer exists (404, deleting or deleted). */
export async function findConnection(client: PartnerClient, id: string): Promise<PartnerConnection | undefined> {
  return findLive(() => client.getConnection({ id }));
}

/**
 * What each partner endpoint reported, under the settings in force. A partner's version does not change within one
 * Pulumi operation (one provider process), so it is asked once, not once per resource.
 */
const reportedSpecVersions = new Map<string, Promise<string>>();

/** The Connection Coordinator spec version the partner reports (GetServiceInfo, asked once per operation). */
export function readSpecVersion(client: PartnerClient): Promise<string> {
  const key = `${settingsEpoch()} ${client.endpoint}`;
  let reported = reportedSpecVersions.get(key);
  if (!reported) {
    reported = askSpecVersion(client);
    reportedSpecVersions.set(key, reported);
    reported.catch(() => reportedSpecVersions.delete(key)); // a failure is not remembered: the next caller asks again
  }
  return reported;
}

async function askSpecVersion(client: PartnerClient): Promise<string> {
  try {
    return (await client.getServiceInfo()).specVersion;
  } catch (e) {
    if (!isNotFound(e)) throw e;
    throw new Error(
      `the partner's API does not report its Connection Coordinator spec version (GET /v1/service-info answered ` +
        `404), so this package cannot tell whether it speaks the partner's version; ask the partner for an API ` +
        `that serves service-info, or check partnerEndpoint`,
    );
  }
}

/** The spec version the partner reports, asked before anything is ordered or changed; refuses one not spoken here. */
export async function requireSupportedSpecVersion(client: PartnerClient, subject: string): Promise<string> {
  const specVersion = await readSpecVersion(client);
  const problem = specVersionProblem(specVersion);
  if (problem) throw new Error(`${subject}: ${problem} (nothing was changed at the partner)`);
  return specVersion;
}

/**
 * The live connections among `ids`, by id, from one walk of the account's listing that stops once all are found:
 * a group of N members costs one call (two or more pages only for accounts beyond the page size), not N GETs.
 */
export async function findConnections(
  client: PartnerClient,
  ids: readonly string[],
): Promise<Map<string, PartnerConnection>> {
  const wanted = new Set(ids);
  const found = new Map<string, PartnerConnection>();
  await listConnectionsUntil(client, (soFar) => {
    for (const c of soFar) if (wanted.has(c.id) && !isGone(c.state)) found.set(c.id, c);
    return found.size === wanted.size;
  });
  return found;
}

/** The live connection that holds the shared connection of an activation key, if any. */
export async function findConnectionForKey(
  client: PartnerClient,
  sharedConnectionUuid: string,
): Promise<PartnerConnection | undefined> {
  const holds = (c: PartnerConnection) => c.sharedConnectionUuid === sharedConnectionUuid && !isGone(c.state);
  return (await listConnectionsUntil(client, (soFar) => soFar.some(holds))).find(holds);
}

/** The largest page a partner is likely to serve (the emulator's maximum); a partner serving less pages further. */
const LIST_PAGE_SIZE = 1000;

/** The account's connections, deleted ones included, page by page until `enough` holds for what was listed so far. */
function listConnectionsUntil(client: PartnerClient, enough: (soFar: readonly PartnerConnection[]) => boolean) {
  return listAll(
    (pageToken) => client.listConnections({ pageSize: LIST_PAGE_SIZE, pageToken }),
    // schema/customer.ts's pageOf() types the item array loosely; the schema itself has validated it.
    (page) => page.connections as PartnerConnection[],
    enough,
  );
}

const ACCEPTED_STATES: readonly PartnerConnectionState[] = [
  "pending",
  "provisioning",
  "available",
  "updating",
  "migrating",
];

/** The connection a failed or timed-out wait saw last. */
export const lastSeen = (e: unknown): PartnerConnection | undefined => lastObserved<PartnerConnection>(e, "id");

/** Waits for `waitFor` (and, after a resize, for the new bandwidth). Migrations and updates are just states on the way. */
export function waitConnectionReady(
  client: PartnerClient,
  id: string,
  inputs: { waitFor: "accepted" | "verified" },
  timeout: number,
  subject: string,
  bandwidthGbps?: number,
): Promise<PartnerConnection> {
  const goal =
    inputs.waitFor === "accepted"
      ? "acceptance"
      : `state available, verified${bandwidthGbps ? `, ${bandwidthGbps} Gbps` : ""}`;
  return waitUntil({
    subject,
    goal,
    poll: () => client.getConnection({ id }),
    isDone: (c) =>
      inputs.waitFor === "accepted"
        ? ACCEPTED_STATES.includes(c.state)
        : c.state === "available" &&
          c.verificationState === "VERIFIED" &&
          (bandwidthGbps === undefined || c.bandwidthGbps === bandwidthGbps),
    failure: (c) =>
      c.state === "failed"
        ? `connection failed: ${c.failureReason ?? "no reason given"}`
        : isGone(c.state)
          ? `connection was deleted (state ${c.state})`
          : undefined,
    describe: (c) => `state ${c.state}, verification ${c.verificationState}, ${c.bandwidthGbps} Gbps`,
    timeoutMs: timeout,
  });
}

/** Repeats `action` while the partner answers 409 (another change in flight), until it succeeds or time runs out. */
export async function retryWhileConflicting<T>(
  subject: string,
  what: string,
  timeout: number,
  action: () => Promise<T>,
): Promise<T> {
  const conflict = Symbol("conflict");
  const result = await waitUntil<T | typeof conflict>({
    subject,
    goal: `the partner to accept ${what}`,
    poll: async () => {
      try {
        return await action();
      } catch (e) {
        if (isConflict(e)) return conflict;
        throw e;
      }
    },
    isDone: (r) => r !== conflict,
    describe: (r) =>
      r === conflict ? `partner busy with another change (409); retrying ${what}` : `partner accepted ${what}`,
    timeoutMs: timeout,
  });
  return result as T;
}

/** Relocation can leave the connection briefly updating; the next move needs it settled. */
export function waitConnectionAvailable(
  client: PartnerClient,
  connectionId: string,
  subject: string,
  timeoutMs: number,
) {
  return waitUntil({
    subject,
    goal: `connection ${connectionId} available after the relocation`,
    poll: () => client.getConnection({ id: connectionId }),
    isDone: (connection) => connection.state === "available",
    failure: (connection) =>
      connection.state === "failed" || isGone(connection.state)
        ? `connection ${connectionId} is ${connection.state}${connection.failureReason ? `: ${connection.failureReason}` : ""}`
        : undefined,
    describe: (connection) => `connection ${connectionId} ${connection.state}`,
    timeoutMs: Math.max(0, timeoutMs),
  });
}
