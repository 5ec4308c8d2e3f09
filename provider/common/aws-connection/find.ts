// Reading an AWS connection both AWS-side resources hold: find… (undefined when the connection is gone), get… (throws
// then), the owner check and the outputs both read from it (the partner side: ../partner-connection.ts).
import { Connection, providerName } from "../../../schema/aws";
import type { AwsInterconnectClient } from "../../clients/aws";
import { readSettings } from "../../settings";
import { findLive } from "../lifecycle";

/** The live connection, or undefined when it no longer exists (ResourceNotFoundException, deleting or deleted). */
export const findConnection = (client: AwsInterconnectClient, id: string): Promise<Connection | undefined> =>
  findLive(() => getConnection(client, id));

/** GetConnection for a connection that must exist. */
export const getConnection = async (client: AwsInterconnectClient, id: string): Promise<Connection> =>
  requireConnection(id, (await client.getConnection({ identifier: id })).connection);

/** `connection` is optional in most outputs of the model; an answer without one is unusable. */
export function requireConnection(what: string, connection: Connection | undefined): Connection {
  if (!connection) throw new Error(`${what}: AWS answered without a connection`);
  return connection;
}

/** `interconnect:accountId`, when set, is the AWS account that must own the connection. */
export function assertOwnedByConfiguredAccount(connection: Connection): void {
  const { accountId } = readSettings();
  if (accountId && connection.ownerAccount !== accountId) {
    throw new Error(
      `AWS connection ${connection.id} belongs to account ${connection.ownerAccount}, not the configured ` +
        `interconnect:accountId ${accountId}; check the AWS credentials, profile and endpoint`,
    );
  }
}

/** The outputs both resources read from their AWS connection. */
export function connectionOutputs(c: Connection) {
  return {
    connectionId: c.id,
    arn: c.arn,
    sharedId: c.sharedId,
    state: c.state,
    billingTier: c.billingTier,
    location: c.location,
    provider: providerName(c.provider),
  };
}
