// Waiting on an AWS connection: wait…<Goal> polls until the goal, ends early on failure and times out with the last
// state seen, which the resource keeps in state so the next `up` resumes it.
import type { Connection, ConnectionState } from "../../../schema/aws";
import type { AwsInterconnectClient } from "../../clients/aws";
import { partialState } from "../lifecycle";
import { lastObserved, waitUntil } from "../wait";
import { getConnection } from "./find";

const FAILED_STATES: readonly ConnectionState[] = ["down", "failed", "deleting", "deleted"];

/** Polls GetConnection until its state is one of `goal`; down, failed or deleted ends the wait with that state. */
export function waitConnectionState(
  client: AwsInterconnectClient,
  id: string,
  subject: string,
  goal: readonly ConnectionState[],
  timeout: number,
  hint = "",
): Promise<Connection> {
  return waitUntil({
    subject,
    goal: `state ${goal.join(" or ")}`,
    poll: () => getConnection(client, id),
    isDone: (c) => goal.includes(c.state),
    failure: (c) => (FAILED_STATES.includes(c.state) ? `connection is ${c.state}` : undefined),
    describe: (c) => `state ${c.state}${hint}`,
    timeoutMs: timeout,
    // AWS waits last minutes: poll at most every 5 s, not the partner API's 0.8 s.
    maxDelayMs: 5000,
  });
}

/** The connection a failed or timed-out wait saw last. */
export const lastSeen = (e: unknown): Connection | undefined => lastObserved<Connection>(e, "arn");

/**
 * The outputs for the connection `wait` reaches. A wait that fails or times out keeps the connection in state as it
 * was last seen (no orphan, no second one), so the next `up` resumes it.
 */
export async function outputsAfterWait<T extends object>(
  id: string,
  connection: Connection,
  wait: () => Promise<Connection>,
  toOutputs: (connection: Connection) => T,
): Promise<T> {
  try {
    return toOutputs(await wait());
  } catch (e) {
    throw partialState(id, toOutputs(lastSeen(e) ?? connection), e);
  }
}
