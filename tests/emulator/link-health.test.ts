// Link health in the partner customer API: counters from the emulated clock, and the admin API's fault switches that
// reproduce each silent failure (a leak of unencrypted frames, mismatched BGP timers, latency, errors), with the
// remedies that end a leak (a MACsec key rotation).
import { expect } from "chai";
import { LinkHealthSchema, type PartnerConnection } from "../../schema/customer";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { FRAMES_PER_SECOND } from "../../emulator/partner/link-health";
import { activateConnection, customerClients, type Clients } from "../support/clients";

const HOUR = 3600 * 1000;

describe("emulator: link health (partner customer API) and its fault switches", () => {
  let em: RunningEmulator;
  let c: Clients;
  let id: string;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 30 });
    c = customerClients(em);
    id = (await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 1, site: "nyc-hq" })).partner.id;
  });
  afterEach(() => em.stop());

  const healthOf = async () => {
    const connection = (await c.partner.get(`/v1/connections/${id}`)).data as PartnerConnection;
    return Object.fromEntries(connection.links.map((l) => [l.name, LinkHealthSchema.parse(l.health)]));
  };
  const advance = (ms: number) => c.admin.post("/clock", { advanceMs: ms });
  const fault = async (body: Record<string, unknown>) => c.admin.post("/link-health", { connectionId: id, ...body });

  it("reports every link healthy after turn-up: encrypted frames growing, a live key, default timers, route latency", async () => {
    const before = await healthOf();
    await advance(10_000);
    const after = await healthOf();
    expect(Object.keys(after)).to.deep.equal(["ch1", "ch2", "ch3", "ch4"]);
    for (const [name, health] of Object.entries(after)) {
      expect(health.macsec.keyStatus, name).to.equal("LIVE");
      expect(health.macsec.framesUnencrypted, name).to.equal(0);
      // 10 s of emulated clock, plus the little real time between the two reads.
      const carried = health.macsec.framesEncrypted - before[name].macsec.framesEncrypted;
      expect(carried, name).to.be.within(10 * FRAMES_PER_SECOND, 11 * FRAMES_PER_SECOND);
      expect(health.bgp, name).to.deep.equal({ holdTimeSeconds: 90, keepaliveSeconds: 30, flaps: 0 });
      expect(health.latencyMs, `${name}: equipment plus the fiber route's round trip`).to.be.above(0.2).and.below(5);
      expect(health.errorFrames, name).to.equal(0);
    }
  });

  it("a leak counts unencrypted frames on one link until its MACsec key is rotated", async () => {
    const leak = await fault({ link: "ch1", leakFramesPerSecond: 50 });
    expect(leak.status, JSON.stringify(leak.data)).to.equal(200);
    await advance(10_000);
    let health = await healthOf();
    // 50 frames a second for 10 s of emulated clock (and the real time the calls took, under a second).
    expect(health.ch1.macsec.framesUnencrypted).to.be.within(500, 550);
    expect([health.ch2, health.ch3, health.ch4].map((h) => h.macsec.framesUnencrypted)).to.deep.equal([0, 0, 0]);

    await advance(2 * HOUR); // past the spec's bake time, so the key may rotate
    const rotated = await c.admin.post("/macsec/rotate", {
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch1",
    });
    expect(rotated.status, JSON.stringify(rotated.data)).to.equal(200);
    const atRotation = (await healthOf()).ch1.macsec.framesUnencrypted;
    expect(atRotation).to.be.within(500 + 2 * 3600 * 50, 550 + 2 * 3600 * 50);
    await advance(60_000);
    health = await healthOf();
    expect(health.ch1.macsec.framesUnencrypted, "the counter stops, and never goes back").to.equal(atRotation);
    expect(health.ch1.macsec.keyStatus).to.equal("LIVE");
  });

  it("sets mismatched BGP timers, flaps, latency and errors on one link; clear restores timers and keeps counts", async () => {
    await fault({ link: "ch2", holdTimeSeconds: 180, keepaliveSeconds: 60, flaps: 2, extraLatencyMs: 25 });
    await fault({ link: "ch2", errorFramesPerSecond: 3 });
    await advance(10_000);
    let health = await healthOf();
    expect(health.ch2.bgp).to.deep.equal({ holdTimeSeconds: 180, keepaliveSeconds: 60, flaps: 2 });
    expect(health.ch2.latencyMs).to.be.above(25);
    expect(health.ch2.errorFrames).to.equal(30);
    expect(health.ch1.bgp.holdTimeSeconds).to.equal(90);

    await fault({ link: "ch2", clear: true });
    await advance(10_000);
    health = await healthOf();
    expect(health.ch2.bgp).to.deep.equal({ holdTimeSeconds: 90, keepaliveSeconds: 30, flaps: 2 });
    expect(health.ch2.latencyMs).to.be.below(5);
    expect(health.ch2.errorFrames, "errors counted stay counted").to.equal(30);
  });

  it("refuses a bad fault by field, and an unknown link by name", async () => {
    const negative = await fault({ link: "ch1", leakFramesPerSecond: -5 });
    expect(negative.status).to.equal(400);
    expect(JSON.stringify(negative.data)).to.contain("leakFramesPerSecond");
    const timers = await fault({ link: "ch1", holdTimeSeconds: 1 });
    expect(timers.status).to.equal(400);
    expect(JSON.stringify(timers.data)).to.contain("holdTimeSeconds");
    const unknown = await fault({ link: "ch9", flaps: 1 });
    expect(unknown.status).to.equal(404);
    expect(unknown.data.error.message).to.contain("no link ch9");
  });
});
