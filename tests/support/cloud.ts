// The emulator's AWS Interconnect API as a test sees it: signed with the development credentials, for checking what
// the provider left behind (live connections, a connection's activation key).
import type { ConnectionSummary } from "../../schema/aws";
import { AwsClient } from "./clients";

interface EmulatorCloud {
  cloudUrl: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function cloudApiOf(emulator: EmulatorCloud) {
  const client = new AwsClient(emulator.cloudUrl, emulator.region, emulator.credentials);
  return {
    client,
    /** Every connection not deleted or on its way out, all pages. */
    async liveConnections(): Promise<ConnectionSummary[]> {
      const all: ConnectionSummary[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.call("ListConnections", { maxResults: 100, nextToken });
        all.push(...(page.connections ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return all.filter((c) => c.state !== "deleted" && c.state !== "deleting");
    },
    async connection(id: string) {
      const { connection } = await client.call("GetConnection", { identifier: id });
      if (!connection) throw new Error(`GetConnection ${id} returned no connection`);
      return connection;
    },
  };
}
