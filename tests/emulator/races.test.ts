// Issue 15, item 1: racing creates. Accepts of one activation key, and creates with one client token, are atomic:
// exactly one connection, the other answers name it (409 for a different request, 200 for the same client token).
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import {
  createCloudConnection,
  customerClients,
  DX_ATTACH_POINT,
  waitForPartnerState,
  type Clients,
} from "../support/clients";

const NYC = "us-east-1:nyc";
const LIVE = (state: string) => state !== "deleted" && state !== "failed";

interface StateDoc {
  partner: {
    connections: Record<string, { id: string; sharedConnectionUuid: string; state: string }>;
    specConnections: Record<string, { id: string }>;
    features: Record<
      string,
      { channel: string; featureConfig: { l3BaseConfig: { vlanId: number; ipv4Subnet: string } } }
    >;
  };
  cloud: {
    connections: Record<string, { id: string; clientToken?: string }>;
    specConnections: Record<string, { id: string }>;
  };
}

describe("emulator: racing creates", () => {
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 20 });
    c = customerClients(em);
  });
  afterEach(() => em.stop());

  const state = async () => (await c.admin.get("/state")).data as StateDoc;
  const count = <T>(table: Record<string, T>, pick: (v: T) => boolean) => Object.values(table).filter(pick).length;

  it("20 parallel accepts of one key, 20 rounds: one live partner connection and one spec connection each", async () => {
    for (let round = 0; round < 20; round++) {
      const { activationKey, sharedId } = await createCloudConnection(c, NYC, 1);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => c.partner.post("/v1/connections", { activationKey, site: "nyc-hq" })),
      );
      const won = answers.filter((r) => r.status === 201);
      expect(won, `round ${round}: ${answers.map((r) => r.status).join(",")}`).to.have.length(1);
      const winner = won[0].data.id as string;
      for (const lost of answers.filter((r) => r.status !== 201)) {
        expect(lost.status).to.equal(409);
        expect(lost.data.error.code).to.equal("ALREADY_EXISTS");
        expect(lost.data.error.message).to.include(winner);
      }
      const s = await state();
      expect(
        count(s.partner.connections, (pc) => pc.sharedConnectionUuid === sharedId && LIVE(pc.state)),
        `round ${round}`,
      ).to.equal(1);
      expect(
        count(s.partner.specConnections, (conn) => conn.id === sharedId),
        `round ${round} partner spec`,
      ).to.equal(1);
      expect(
        count(s.cloud.specConnections, (conn) => conn.id === sharedId),
        `round ${round} cloud spec`,
      ).to.equal(1);
    }
  });

  it("parallel accepts with one client token: one 201, the rest 200 naming the same connection", async () => {
    for (let round = 0; round < 5; round++) {
      const { activationKey, sharedId } = await createCloudConnection(c, NYC, 1);
      const body = { activationKey, site: "nyc-hq", clientToken: `race-${round}` };
      const answers = await Promise.all(Array.from({ length: 10 }, () => c.partner.post("/v1/connections", body)));
      expect(answers.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((r) => r.data.id)).size).to.equal(1);
      const s = await state();
      expect(count(s.partner.connections, (pc) => pc.sharedConnectionUuid === sharedId)).to.equal(1);
    }
  });

  it("the cloud confirms a key once: a second ConfirmActivationKey is refused even before any connection exists", async () => {
    const { activationKey } = await createCloudConnection(c, NYC, 1);
    const path = `/environments/${NYC}/ConfirmActivationKey`;
    const [first, second] = await Promise.all(
      [0, 1].map(() => c.asPartnerAtCloud.post(path, { encodedKey: activationKey })),
    );
    expect([first.status, second.status].sort()).to.deep.equal([200, 409]);
    // The key is spent: an accept at the partner is refused by the cloud.
    const accept = await c.partner.post("/v1/connections", { activationKey, site: "nyc-hq" });
    expect(accept.status).to.equal(409);
  });

  it("a refused confirm releases the key reservation", async () => {
    const { activationKey } = await createCloudConnection(c, NYC, 1);
    await c.admin.post("/faults", { scope: ["peer"], errorRates: { "503": 1 } });
    const refused = await c.partner.post("/v1/connections", { activationKey, site: "nyc-hq" });
    expect(refused.status).to.equal(503);
    await c.admin.delete("/faults");
    const retried = await c.partner.post("/v1/connections", { activationKey, site: "nyc-hq" });
    expect(retried.status).to.equal(201);
  });

  it("CreateConnection with one client token, in parallel: one connection, every answer names it", async () => {
    const input = { environmentId: NYC, bandwidth: "1Gbps", attachPoint: DX_ATTACH_POINT, clientToken: "cc-race" };
    const answers = await Promise.all(Array.from({ length: 10 }, () => c.cloud.send("CreateConnection", input)));
    expect(answers.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
    expect(new Set(answers.map((r) => r.data.connection.id)).size).to.equal(1);
    expect(count((await state()).cloud.connections, (cc) => cc.clientToken === "cc-race")).to.equal(1);
  });

  it("AcceptConnectionProposal in parallel: one connection per key; one client token gives one answer", async () => {
    const propose = async () =>
      (await c.admin.post("/portal/proposals", { environment: NYC, bandwidthGbps: 1, site: "nyc-hq" })).data;
    const sameToken = await propose();
    const input = { activationKey: sameToken.activationKey, attachPoint: DX_ATTACH_POINT, clientToken: "acp-race" };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => c.cloud.send("AcceptConnectionProposal", input)),
    );
    expect(answers.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
    expect(new Set(answers.map((r) => r.data.connection.id)).size).to.equal(1);

    const noToken = await propose();
    const racing = await Promise.all(
      Array.from({ length: 10 }, () =>
        c.cloud.send("AcceptConnectionProposal", {
          activationKey: noToken.activationKey,
          attachPoint: DX_ATTACH_POINT,
        }),
      ),
    );
    const won = racing.filter((r) => r.status === 200);
    expect(won).to.have.length(1);
    for (const lost of racing.filter((r) => r.status !== 200)) {
      expect([lost.status, lost.data.__type]).to.deep.equal([400, "InterconnectClientException"]);
      expect(lost.data.message).to.include(won[0].data.connection.id);
    }
    const s = await state();
    expect(count(s.cloud.connections, (cc) => cc.clientToken === "acp-race")).to.equal(1);
  });

  it("100 keys accepted at once on one site: every connection gets its 4 features and becomes available", async function () {
    // Concurrent proposals on one channel must not all pick its first free VLAN and subnet (they did, before).
    this.timeout(120_000);
    const keys = await Promise.all(Array.from({ length: 100 }, () => createCloudConnection(c, NYC, 1)));
    // A burst this size on a loaded machine can outlast the partner's 15 s call to the cloud: that accept answers 503
    // "retry", and a client retries it, as the provider's does. The retry must then create exactly one connection.
    const accept = async (activationKey: string) => {
      for (let attempt = 1; ; attempt++) {
        const res = await c.partner.post("/v1/connections", { activationKey, site: "nyc-hq" });
        if (res.status !== 503 || attempt === 3) return res;
      }
    };
    const accepted = await Promise.all(keys.map(({ activationKey }) => accept(activationKey)));
    expect(accepted.map((r) => r.status)).to.deep.equal(Array(100).fill(201));
    const settled = await Promise.all(
      accepted.map((r) => waitForPartnerState(c, r.data.id as string, "available", 90_000)),
    );
    expect(settled.map((pc) => pc.state)).to.deep.equal(Array(100).fill("available"));
    const features = Object.values((await state()).partner.features);
    const onChannel = new Map<string, Set<string>>();
    for (const f of features) {
      const seen = onChannel.get(f.channel) ?? new Set<string>();
      const { vlanId, ipv4Subnet } = f.featureConfig.l3BaseConfig;
      expect(seen.has(`vlan ${vlanId}`), `${f.channel} vlan ${vlanId} twice`).to.equal(false);
      expect(seen.has(`subnet ${ipv4Subnet}`), `${f.channel} subnet ${ipv4Subnet} twice`).to.equal(false);
      onChannel.set(f.channel, seen.add(`vlan ${vlanId}`).add(`subnet ${ipv4Subnet}`));
    }
    expect(features).to.have.length(100 * 4);
  });
});
