// Drift at the partner on one link (issue 32, item 5): a link re-homed by the partner's crew onto another device,
// entrance or shared conduit (POST /_admin/rehome), MACsec off on one link, BGP timers and a link down; each visible
// through the partner customer API, repaired by RelocateLink where a move can repair it, and kept across a restart.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Link, PartnerConnection } from "../../schema/customer";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { evaluatePolicy } from "../../provider/diversity";
import { DiversityPolicySchema } from "../../provider/diversity/policy";
import { renderSvg } from "../../provider/map/render";
import { activateConnection, customerClients, type Clients } from "../support/clients";

const NYC = "us-east-1:nyc";

/** Two connections at nyc-hq: a on ic-1, b kept device- and conduit-diverse from a (so on ic-3). */
async function twoConnections(c: Clients): Promise<{ a: PartnerConnection; b: PartnerConnection }> {
  const a = (await activateConnection(c, { environment: NYC, bandwidthGbps: 1, site: "nyc-hq" })).partner;
  const extra = { diversity: ["device", "conduit"], diverseFrom: [a.id] };
  const b = (await activateConnection(c, { environment: NYC, bandwidthGbps: 1, site: "nyc-hq", extra })).partner;
  return { a, b };
}

const linkOf = (pc: PartnerConnection, name: string): Link => pc.links.find((l) => l.name === name)!;
const pathOf = (l: Link) => ({ device: l.device, facility: l.facility, entrance: l.entrance, conduit: l.conduit });

describe("emulator: a link re-homed at the partner (POST /_admin/rehome)", () => {
  let em: RunningEmulator;
  let c: Clients;
  let a: PartnerConnection;
  let b: PartnerConnection;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 30 });
    c = customerClients(em);
    ({ a, b } = await twoConnections(c));
  });
  afterEach(() => em.stop());

  const get = async (id: string) => (await c.partner.get(`/v1/connections/${id}`)).data as PartnerConnection;
  const rehome = (body: Record<string, unknown>) => c.admin.post("/rehome", body);
  const relocate = (id: string, link: string, body: Record<string, unknown>) =>
    c.partner.post(`/v1/connections/${id}/links/${link}/relocate`, body);

  it("moves one link into the conduit another connection's link uses, route and all; a relocation moves it out", async () => {
    const theirs = linkOf(a, "ch1");
    const before = linkOf(b, "ch1");
    expect(before.conduit).to.not.equal(theirs.conduit);
    expect(before.facility, "both ch1 sit in one facility").to.equal(theirs.facility);

    const moved = await rehome({ connectionId: b.id, link: "ch1", shareWith: { connectionId: a.id, link: "ch1" } });
    expect(moved.status, JSON.stringify(moved.data)).to.equal(200);
    expect(moved.data.from).to.deep.equal(pathOf(before));
    expect(moved.data.to).to.deep.equal({ ...pathOf(before), conduit: theirs.conduit });

    const drifted = linkOf(await get(b.id), "ch1");
    expect(pathOf(drifted)).to.deep.equal(moved.data.to);
    expect(drifted.operState).to.equal("UP");
    // Same facility, conduit and entrance: the route and its structures are a's (what the map draws).
    expect(drifted.entrance).to.equal(theirs.entrance);
    expect(drifted.route).to.deep.equal(theirs.route);
    expect(drifted.structures).to.deep.equal(theirs.structures);
    expect(drifted.route).to.not.deep.equal(before.route);
    expect(linkOf(moved.data.connection, "ch1").route).to.deep.equal(theirs.route);
    expect(pathOf(linkOf(await get(b.id), "ch2")), "the other links stay").to.deep.equal(pathOf(linkOf(b, "ch2")));

    // One backhoe now takes both connections' ch1 down.
    await c.admin.post("/cut", { conduit: theirs.conduit });
    expect(linkOf(await get(b.id), "ch1").operState).to.equal("DOWN");
    await c.admin.post("/cut", { conduit: theirs.conduit, restore: true });

    const repaired = await relocate(b.id, "ch1", { distinct: ["conduit"], avoid: [`${a.id}/ch1`] });
    expect(repaired.status, JSON.stringify(repaired.data)).to.equal(200);
    const back = linkOf(repaired.data, "ch1");
    expect(back.conduit).to.not.equal(theirs.conduit);
    expect(back.route).to.not.deep.equal(theirs.route);
    await c.admin.post("/cut", { conduit: theirs.conduit });
    expect(linkOf(await get(b.id), "ch1").operState, "diverse again").to.equal("UP");
  });

  it("moves a link onto another device or entrance; a device-distinct relocation puts it back on its own device", async () => {
    const own = linkOf(b, "ch2");
    const device = linkOf(a, "ch2").device;
    const onDevice = await rehome({ connectionId: b.id, link: "ch2", onto: { device } });
    expect(onDevice.status, JSON.stringify(onDevice.data)).to.equal(200);
    expect(linkOf(await get(b.id), "ch2").device).to.equal(device);

    const repaired = await relocate(b.id, "ch2", { distinct: ["device"], avoid: [`${a.id}/ch2`] });
    expect(repaired.status, JSON.stringify(repaired.data)).to.equal(200);
    expect(linkOf(repaired.data, "ch2").device).to.equal(own.device);

    const other = own.entrance === "nyc-hq-north" ? "nyc-hq-south" : "nyc-hq-north";
    const onEntrance = await rehome({ connectionId: b.id, link: "ch2", onto: { entrance: other } });
    expect(onEntrance.status, JSON.stringify(onEntrance.data)).to.equal(200);
    const drifted = linkOf(await get(b.id), "ch2");
    expect(drifted.entrance).to.equal(other);
    expect(drifted.route!.coordinates.at(-1), "the route ends at the new entrance").to.not.deep.equal(
      own.route!.coordinates.at(-1),
    );
  });

  it("refuses bad requests (400), unknown connections and links (404) and what the inventory lacks (409)", async () => {
    const expectError = async (body: Record<string, unknown>, status: number, text: string | RegExp) => {
      const r = await rehome(body);
      expect(r.status, JSON.stringify(r.data)).to.equal(status);
      expect(r.data.error.message).to.match(typeof text === "string" ? new RegExp(text) : text);
    };
    const ch1 = { connectionId: b.id, link: "ch1" };
    await expectError({}, 400, "connectionId");
    await expectError(ch1, 400, "exactly one of onto");
    await expectError({ ...ch1, onto: { entrance: "nyc-hq-south" }, shareWith: { ...ch1 } }, 400, "exactly one");
    await expectError({ ...ch1, onto: {} }, 400, "name one of device, entrance, conduit");
    await expectError({ ...ch1, onto: { facility: "nyc-fac-b" } }, 400, "facility");
    await expectError({ ...ch1, shareWith: { connectionId: a.id, link: "ch1", dimensions: ["facility"] } }, 400, "dim");
    await expectError({ ...ch1, shareWith: { ...ch1 } }, 400, "names the link being re-homed");
    await expectError({ connectionId: "pcon-nope", link: "ch1", onto: { entrance: "x" } }, 404, "pcon-nope");
    await expectError({ ...ch1, link: "ch9", onto: { entrance: "x" } }, 404, /no link ch9 \(its links: ch1, ch2/);
    await expectError({ ...ch1, shareWith: { connectionId: a.id, link: "ch7" } }, 404, "no link ch7");
    await expectError({ ...ch1, onto: { entrance: "nyc-annex-main" } }, 409, "it has nyc-hq-north, nyc-hq-south");
    await expectError({ ...ch1, onto: { device: "dev-nope" } }, 409, /no device dev-nope; its devices: dev-\w+ \(nyc/);
    await expectError({ ...ch1, onto: { conduit: "nyc-cdt-nope" } }, 409, /no conduit nyc-cdt-nope .*nyc-cdt-ic-1-ch1/);
    // ch3 leaves the other facility: the link's device cannot use it.
    const ch3 = linkOf(a, "ch3");
    await expectError({ ...ch1, onto: { conduit: ch3.conduit } }, 409, `leaves ${ch3.facility}, but the link's device`);
    expect((await get(b.id)).links.map(pathOf), "nothing moved").to.deep.equal(b.links.map(pathOf));
  });
});

describe("emulator: a re-homed link on the group's map", () => {
  let em: RunningEmulator;
  afterEach(() => em.stop());

  /** The map of a group over both connections, from what a refresh reads (the group's links[] outputs). */
  const mapOf = async (c: Clients, ids: string[]) => {
    const members = await Promise.all(
      ids.map(async (id) => {
        const pc = (await c.partner.get(`/v1/connections/${id}`)).data as PartnerConnection;
        return { interconnect: id, connectionId: id, site: pc.site, links: pc.links, maintenance: [] };
      }),
    );
    const group = evaluatePolicy(DiversityPolicySchema.parse({ distinct: ["conduit"] }), members);
    const svg = renderSvg(group);
    const polyline = (ref: string) => {
      const found = new RegExp(`<polyline class="(route[^"]*)" data-link="${ref}"[^>]*points="([^"]*)"`).exec(svg);
      expect(found, `a route for ${ref}`).to.not.equal(null);
      return { points: found![2] };
    };
    return { group, polyline };
  };

  it("draws the re-homed link's new route along the shared conduit, and the group blocks on it", async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 30 });
    const c = customerClients(em);
    const { a, b } = await twoConnections(c);
    const before = await mapOf(c, [a.id, b.id]);
    expect(before.group.compliant).to.equal(true);
    expect(before.polyline(`${b.id}/ch1`).points).to.not.equal(before.polyline(`${a.id}/ch1`).points);

    await c.admin.post("/rehome", { connectionId: b.id, link: "ch1", shareWith: { connectionId: a.id, link: "ch1" } });
    const after = await mapOf(c, [a.id, b.id]);
    expect(after.group.blockers.map((x) => x.rule)).to.deep.equal(["distinct:conduit"]);
    expect(after.group.blockers[0].links).to.have.members([`${a.id}/ch1`, `${b.id}/ch1`]);
    const moved = after.polyline(`${b.id}/ch1`);
    expect(moved.points, "drawn along a's route").to.equal(after.polyline(`${a.id}/ch1`).points);
    expect(after.group.links.find((l) => l.link === `${b.id}/ch1`)!.route).to.deep.equal(linkOf(a, "ch1").route);
  });
});

describe("emulator: drift on one link, seen through the partner customer API", () => {
  let em: RunningEmulator;
  let c: Clients;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "icemu-"));
  });
  afterEach(async () => {
    await em?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 30, dataDir: dir });
    c = customerClients(em);
  };
  const get = async (id: string) => (await c.partner.get(`/v1/connections/${id}`)).data as PartnerConnection;

  it("MACsec off on one link while the connection still asks for it; a relocation sets the link up again", async () => {
    await start();
    const { a } = await twoConnections(c);
    const off = await c.admin.post("/drift", { connectionId: a.id, macsecOffLink: "ch2" });
    expect(off.status, JSON.stringify(off.data)).to.equal(200);
    await c.admin.post("/clock", { advanceMs: 10_000 });
    let pc = await get(a.id);
    expect(pc.macsec).to.equal("required");
    expect(pc.links.map((l) => [l.name, l.macsecActive])).to.deep.equal([
      ["ch1", true],
      ["ch2", false],
      ["ch3", true],
      ["ch4", true],
    ]);
    const ch2 = linkOf(pc, "ch2");
    expect(ch2.macsecCkn).to.equal(undefined);
    expect(ch2.health.macsec.keyStatus).to.equal("NONE");
    expect(ch2.health.macsec.framesUnencrypted).to.be.at.least(10_000);
    expect(linkOf(pc, "ch1").health.macsec.framesUnencrypted).to.equal(0);

    const unknown = await c.admin.post("/drift", { connectionId: a.id, macsecOffLink: "ch9", bandwidthGbps: 2 });
    expect(unknown.status).to.equal(404);
    expect((await get(a.id)).bandwidthGbps, "a refused drift changes nothing").to.equal(1);

    const moved = await c.partner.post(`/v1/connections/${a.id}/links/ch2/relocate`, { distinct: ["conduit"] });
    expect(moved.status, JSON.stringify(moved.data)).to.equal(200);
    await c.admin.post("/clock", { advanceMs: 10_000 });
    pc = await get(a.id);
    const repaired = linkOf(pc, "ch2");
    expect(repaired.macsecActive).to.equal(true);
    expect(repaired.health.macsec.keyStatus).to.equal("LIVE");
    expect(repaired.health.macsec.framesUnencrypted, "what went unencrypted stays counted").to.be.at.least(
      ch2.health.macsec.framesUnencrypted,
    );
    expect(repaired.health.macsec.framesEncrypted).to.be.above(ch2.health.macsec.framesEncrypted + 9_000);
  });

  it("keeps a re-homed link, MACsec off, BGP timers and a link down on one link each across a restart", async () => {
    await start();
    const { a, b } = await twoConnections(c);
    const calls = [
      ["/rehome", { connectionId: b.id, link: "ch1", shareWith: { connectionId: a.id, link: "ch1" } }],
      ["/drift", { connectionId: b.id, macsecOffLink: "ch2" }],
      ["/link-health", { connectionId: b.id, link: "ch3", holdTimeSeconds: 180, keepaliveSeconds: 60 }],
      ["/drift", { connectionId: b.id, linkAdminDown: "ch4" }],
    ] as const;
    for (const [route, body] of calls) {
      const r = await c.admin.post(route, body);
      expect(r.status, `${route} ${JSON.stringify(r.data)}`).to.equal(200);
    }
    const check = (pc: PartnerConnection) => {
      const [ch1, ch2, ch3, ch4] = ["ch1", "ch2", "ch3", "ch4"].map((n) => linkOf(pc, n));
      expect(ch1.conduit).to.equal(linkOf(a, "ch1").conduit);
      expect(ch1.route).to.deep.equal(linkOf(a, "ch1").route);
      expect([ch1, ch2, ch3, ch4].map((l) => l.macsecActive)).to.deep.equal([true, false, true, true]);
      expect(ch3.health.bgp).to.deep.include({ holdTimeSeconds: 180, keepaliveSeconds: 60 });
      expect(ch1.health.bgp.holdTimeSeconds).to.equal(90);
      expect([ch1, ch2, ch3, ch4].map((l) => l.operState)).to.deep.equal(["UP", "UP", "UP", "DOWN"]);
      expect(ch4.adminState).to.equal("ADMIN_STATE_DOWN");
    };
    const before = await get(b.id);
    check(before);
    await em.stop();

    await start();
    const after = await get(b.id);
    check(after);
    expect(after.links.map(pathOf)).to.deep.equal(before.links.map(pathOf));
  });
});
