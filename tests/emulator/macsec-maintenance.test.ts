import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { Link } from "../../schema/customer";
import { activateConnection, customerClients, type Clients } from "../support/clients";

const HOUR = 3600 * 1000;
const IC = "/environments/us-east-1:nyc/interconnects/ic-1";

describe("emulator: MACsec rotation and maintenance rules", () => {
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 30 });
    c = customerClients(em);
    await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 1, site: "nyc-hq" });
  });
  afterEach(() => em.stop());

  const createKey = (ch: string, id: string) =>
    c.asPartnerAtCloud.post(
      `${IC}/channels/${ch}/macSecKeys`,
      { cak: "a".repeat(64), ckn: "b".repeat(64) },
      { params: { macSecKeyId: id } },
    );
  const keysOn = async (ch: string) =>
    (await c.asPartnerAtCloud.get(`${IC}/channels/${ch}/macSecKeys`)).data.macSecKeys as {
      name: string;
      active: boolean;
    }[];

  it("installs a first key on every channel, from each channel's manager", async () => {
    for (const ch of ["ch1", "ch2", "ch3", "ch4"]) {
      const keys = await keysOn(ch);
      expect(keys, ch).to.have.length(1);
      expect(keys[0].active).to.equal(true);
    }
    const ch2 = (await c.asPartnerAtCloud.get(`${IC}/channels/ch2`)).data;
    expect(ch2.macsecManagerProvider).to.equal("providers/cloud");
  });

  it("enforces manager-only, bake time, one rotating channel per interconnect, and no deleting the active key", async () => {
    expect((await createKey("ch2", "k-x")).status).to.equal(409); // the cloud manages ch2
    const baking = await createKey("ch1", "k-1");
    expect(baking.status).to.equal(409);
    expect(baking.data.error.message).to.match(/bake/);

    await c.admin.post("/clock", { advanceMs: 2 * HOUR + 1000 });
    const rotated = await createKey("ch1", "k-1");
    expect(rotated.status).to.equal(200);
    expect(rotated.data.active).to.equal(true);
    const keys = await keysOn("ch1");
    expect(keys).to.have.length(2);
    const old = keys.find((k) => !k.active)!;

    const other = await createKey("ch3", "k-3");
    expect(other.status).to.equal(409);
    expect(other.data.error.message).to.match(/only one channel/);

    expect((await c.asPartnerAtCloud.delete(`${IC}/channels/ch1/macSecKeys/k-1`)).status).to.equal(409); // active
    expect((await c.asPartnerAtCloud.delete(`${IC}/channels/ch2/macSecKeys/whatever`)).status).to.equal(403);
    expect(
      (await c.asPartnerAtCloud.delete(`${IC}/channels/ch1/macSecKeys/${old.name.split("/").pop()}`)).status,
    ).to.equal(200);

    expect((await createKey("ch3", "k-3")).status).to.equal(409); // interconnect-wide bake after the ch1 rotation
    await c.admin.post("/clock", { advanceMs: 2 * HOUR + 1000 });
    expect((await createKey("ch3", "k-3")).status).to.equal(200);
  });

  it("rotates through the admin API on both sides (cloud-managed channel)", async () => {
    await c.admin.post("/clock", { advanceMs: 2 * HOUR + 1000 });
    const res = await c.admin.post("/macsec/rotate", {
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch2",
    });
    expect(res.status).to.equal(200);
    expect(res.data.manager).to.equal("cloud");
    const atPartner = (await c.asCloudAtPartner.get(`${IC}/channels/ch2/macSecKeys`)).data.macSecKeys;
    expect(atPartner).to.have.length(2);
  });

  it("never lets two channels of one interconnect be in scheduled maintenance at once", async () => {
    const start = new Date(Date.now() + HOUR).toISOString();
    const end = new Date(Date.now() + 3 * HOUR).toISOString();
    const first = await c.admin.post("/maintenance", {
      role: "partner",
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch1",
      startTime: start,
      endTime: end,
    });
    expect(first.status).to.equal(200);
    const events = (await c.asCloudAtPartner.get(`${IC}/channels/ch1/maintenanceEvents`)).data.events;
    expect(events).to.have.length(1);

    // The cloud learned the partner's event through NotifyMaintenance + GetMaintenanceEvents and refuses to overlap.
    const clash = await c.admin.post("/maintenance", {
      role: "cloud",
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch2",
      startTime: start,
      endTime: end,
    });
    expect(clash.status).to.equal(409);
    const sameChannel = await c.admin.post("/maintenance", {
      role: "cloud",
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch1",
      startTime: start,
      endTime: end,
    });
    expect(sameChannel.status).to.equal(200);
    const later = new Date(Date.now() + 4 * HOUR).toISOString();
    const after = await c.admin.post("/maintenance", {
      role: "cloud",
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch2",
      startTime: end,
      endTime: later,
    });
    expect(after.status).to.equal(200);
    const pushed = await c.asPartnerAtCloud.post(`${IC}/channels/ch3/NotifyMaintenance`, {
      events: [{ maintenanceId: "x", startTime: start, endTime: end }],
    });
    expect(pushed.status).to.equal(409);
  });

  it("drains a link for a window scheduled by the customer's link address, and restores it when cancelled", async () => {
    const { id } = (await c.partner.get("/v1/connections")).data.connections[0] as { id: string };
    const linkStates = async () =>
      Object.fromEntries(
        ((await c.partner.get(`/v1/connections/${id}`)).data.links as Link[]).map((l) => [
          l.name,
          `${l.operState} ${l.bgpState}${l.inMaintenance ? " maintenance" : ""}`,
        ]),
      );
    expect(await linkStates()).to.deep.equal({
      ch1: "UP ESTABLISHED",
      ch2: "UP ESTABLISHED",
      ch3: "UP ESTABLISHED",
      ch4: "UP ESTABLISHED",
    });
    const window = {
      startTime: new Date(Date.now() - 1000).toISOString(),
      endTime: new Date(Date.now() + HOUR).toISOString(),
    };
    const unknown = await c.admin.post("/maintenance", { connectionId: id, link: "ch9", ...window });
    expect(unknown.status).to.equal(404);
    const scheduled = await c.admin.post("/maintenance", { connectionId: id, link: "ch2", ...window });
    expect(scheduled.status, JSON.stringify(scheduled.data)).to.equal(200);
    expect(scheduled.data.channel).to.match(/\/interconnects\/ic-1\/channels\/ch2$/);
    // The partner shuts the BGP session down for the window; the link stays physically up.
    expect((await linkStates()).ch2).to.equal("UP IDLE maintenance");
    expect((await c.asCloudAtPartner.get(`${IC}/channels/ch2/maintenanceEvents`)).data.events).to.have.length(1);

    const { maintenanceId } = scheduled.data as { maintenanceId: string };
    const wrongLink = await c.admin.delete("/maintenance", { data: { connectionId: id, link: "ch1", maintenanceId } });
    expect(wrongLink.status).to.equal(404);
    const cancelled = await c.admin.delete("/maintenance", { data: { connectionId: id, link: "ch2", maintenanceId } });
    expect(cancelled.status, JSON.stringify(cancelled.data)).to.equal(200);
    expect((await linkStates()).ch2).to.equal("UP ESTABLISHED");
    // The cloud learned of the cancellation through NotifyMaintenance: ch3 may now be in maintenance at the same time.
    const overlapping = await c.admin.post("/maintenance", {
      role: "cloud",
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch3",
      ...window,
    });
    expect(overlapping.status, JSON.stringify(overlapping.data)).to.equal(200);
  });

  it("keeps no window the peer was not told of: a failed NotifyMaintenance undoes the schedule", async () => {
    const { id } = (await c.partner.get("/v1/connections")).data.connections[0] as { id: string };
    const window = {
      startTime: new Date(Date.now() - 1000).toISOString(),
      endTime: new Date(Date.now() + HOUR).toISOString(),
    };
    await c.admin.post("/faults", { scope: ["peer"], errorRates: { "503": 1 } });
    const refused = await c.admin.post("/maintenance", { connectionId: id, link: "ch2", ...window });
    expect(refused.status).to.not.equal(200);
    await c.admin.delete("/faults");
    const ch2 = ((await c.partner.get(`/v1/connections/${id}`)).data.links as Link[]).find((l) => l.name === "ch2")!;
    expect([ch2.inMaintenance, ch2.bgpState]).to.deep.equal([false, "ESTABLISHED"]);
    // No phantom window is left to clash with: ch3 may be scheduled for the same time.
    const ch3 = await c.admin.post("/maintenance", { connectionId: id, link: "ch3", ...window });
    expect(ch3.status, JSON.stringify(ch3.data)).to.equal(200);
  });

  it("serves the issues endpoints", async () => {
    const created = await c.asPartnerAtCloud.post(
      "/issues",
      { title: "BGP flap", body: "ch2 flaps", priority: "PRIORITY_P2" },
      { params: { issueId: "i-1" } },
    );
    expect(created.status).to.equal(200);
    expect(created.data.state).to.equal("STATE_OPEN");
    expect(
      (await c.asPartnerAtCloud.post("/issues/i-1/AddComment", { comment: { body: "still flapping" } })).status,
    ).to.equal(200);
    expect((await c.asPartnerAtCloud.get("/issues/i-1/comments")).data.comments).to.have.length(1);
    expect((await c.asPartnerAtCloud.post("/issues/i-1/Close", {})).data.state).to.equal("STATE_CLOSED");
    expect((await c.asPartnerAtCloud.get("/issues")).data.issues).to.have.length(1);
    expect((await c.asPartnerAtCloud.post("/issues", { title: "x" }, { params: { issueId: "i-2" } })).status).to.equal(
      400,
    );
  });
});
