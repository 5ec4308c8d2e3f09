// `pulumi import` of an Interconnect by its partner connection id (the plugin face; TypeScript programs use `adopt`):
// the inputs a program declares for the live connection. The partner never reports the key, so it is read at AWS: the
// cloud connection of the same shared connection id holds it. Bandwidth is left to the key (a follower), as it is when
// an ActivationKey of the program issued the key.
import type { PartnerConnection } from "../../schema/customer";
import { awsClient } from "../clients/configured";
import { listAll } from "../clients/paging";
import { getConnection } from "../common/aws-connection/find";
import { withDefaults } from "../common/resource-kit";
import { InterconnectInputsSchema, type InterconnectInputs } from "./schema";

const PAGE_SIZE = 100;

/** The activation key of the cloud connection whose shared id is `sharedConnectionUuid`. */
export async function keyOfSharedConnection(sharedConnectionUuid: string): Promise<string> {
  const client = awsClient();
  const holds = (c: { sharedId: string }) => c.sharedId === sharedConnectionUuid;
  const summaries = await listAll(
    async (pageToken) => {
      const page = await client.listConnections({ maxResults: PAGE_SIZE, nextToken: pageToken });
      return { items: page.connections ?? [], nextPageToken: page.nextToken };
    },
    (page) => page.items,
    (soFar) => soFar.some(holds),
  );
  const cloud = summaries.find(holds);
  if (!cloud)
    throw new Error(
      `no AWS Interconnect connection has shared id ${sharedConnectionUuid}: import needs the cloud side's key ` +
        "(check interconnect:region and the AWS credentials)",
    );
  return (await getConnection(client, cloud.id)).activationKey;
}

/** What a program declares for `connection`: its key, site, MACsec mode and diversity request. */
export async function inputsOfPartnerConnection(
  connection: PartnerConnection,
  resourceUrn = "",
): Promise<InterconnectInputs> {
  // With the schema's defaults, as check fills them in for the program that declares it.
  return withDefaults(InterconnectInputsSchema, {
    activationKey: await keyOfSharedConnection(connection.sharedConnectionUuid),
    site: connection.site,
    macsec: connection.macsec,
    ...(connection.diversity?.length ? { diversity: connection.diversity } : {}),
    resourceUrn,
  } as InterconnectInputs);
}
