import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { PARTNER_CUSTOMER_ACCOUNT } from "../../emulator/identities";
import { ConnectionSchema } from "../../schema/aws";
import { ErrorBodySchema, PartnerConnectionSchema } from "../../schema/customer";
import {
  activateConnection,
  createCloudConnection,
  customerClients,
  DX_ATTACH_POINT,
  waitForCloudState,
  waitForPartnerState,
  type Clients,
} from "../support/clients";
import { waitFor } from "../support/emulator";

describe("emulator: connection lifecycle", () => {
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 50 });
    c = customerClients(em);
  });
  afterEach(() => em.stop());

  it("creates a connection that ends VERIFIED on both sides, with 4 links and no secrets", async () => {
    const { cloud, partner } = await activateConnection(c, {
      environment: "us-east-1:nyc",
      bandwidthGbps: 10,
      site: "nyc-hq",
    });
    ConnectionSchema.parse(cloud);
    expect(cloud.sharedId).to.equal(partner.sharedConnectionUuid);
    PartnerConnectionSchema.parse(partner);
    expect(partner.verificationState).to.equal("VERIFIED");
    expect(partner.links).to.have.length(4);
    for (const link of partner.links) {
      expect(link.bgpState).to.equal("ESTABLISHED");
      expect(link.vlan).to.be.within(1025, 4094);
      expect(link.ipv4Subnet).to.match(/^169\.254\.\d+\.\d+\/30$/);
      expect(link.macsecActive).to.equal(true);
    }
    expect(new Set(partner.links.map((l) => l.entrance)).size).to.equal(2);
    const text = JSON.stringify(partner) + JSON.stringify(cloud);
    expect(text).not.to.match(/cak|md5/i);
    const spec = await c.asPartnerAtCloud.get(
      `/environments/us-east-1:nyc/interconnects/${partner.interconnectName}/connections/${partner.sharedConnectionUuid}`,
    );
    expect(spec.data.verificationState).to.equal("VERIFICATION_STATE_VERIFIED");
  });

  it("raises bandwidth in place with exactly one UpdateConnection", async () => {
    const { cloud, partner } = await activateConnection(c, {
      environment: "us-east-1:nyc",
      bandwidthGbps: 10,
      site: "nyc-hq",
    });
    await c.admin.post("/stats/reset");
    const res = await c.partner.patch(`/v1/connections/${partner.id}`, { bandwidthGbps: 25 });
    expect(res.status).to.equal(200);
    expect(res.data.state).to.equal("updating");
    const done = await waitForPartnerState(c, partner.id, "available");
    expect(done.bandwidthGbps).to.equal(25);
    expect(done.interconnectName).to.equal(partner.interconnectName);
    expect((await waitForCloudState(c, cloud.id, "available")).bandwidth).to.equal("25Gbps");
    const stats = (await c.admin.get("/stats")).data;
    expect(stats.byOperation.UpdateConnection).to.equal(1);
    expect(stats.byOperation.CreateConnection ?? 0, JSON.stringify(stats.requests)).to.equal(0);
  });

  it("migrates make-before-break when the interconnect is nearly full (sjc ic-1 trap)", async () => {
    const { cloud, partner } = await activateConnection(c, {
      environment: "us-west-2:sjc",
      bandwidthGbps: 10,
      site: "sjc-campus",
    });
    expect(partner.interconnectName).to.equal("ic-1");
    await c.admin.post("/stats/reset");
    const res = await c.partner.patch(`/v1/connections/${partner.id}`, { bandwidthGbps: 25 });
    expect(res.status).to.equal(200);
    expect(res.data.state).to.equal("migrating");
    const done = await waitForPartnerState(c, partner.id, "available");
    expect(done.interconnectName).to.equal("ic-2");
    expect(done.bandwidthGbps).to.equal(25);
    const cloudAfter = await waitForCloudState(c, cloud.id, "available");
    expect(cloudAfter.bandwidth).to.equal("25Gbps");
    const stats = (await c.admin.get("/stats")).data;
    expect(stats.byOperation.UpdateConnection ?? 0).to.equal(0);
    expect(stats.byOperation.CreateConnection).to.equal(1);
    expect(stats.byOperation.DeleteConnection).to.equal(1);
    const old = await c.asPartnerAtCloud.get(
      `/environments/us-west-2:sjc/interconnects/ic-1/connections/${partner.sharedConnectionUuid}`,
    );
    expect(old.status).to.equal(404);
  });

  it("deletes at the partner (cloud follows) and at the cloud (key invalidated, partner follows)", async () => {
    const first = await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 5, site: "nyc-hq" });
    const del = await c.partner.delete(`/v1/connections/${first.partner.id}`);
    expect(del.status).to.equal(200);
    expect(["deleting", "deleted"]).to.include(del.data.state);
    await waitForPartnerState(c, first.partner.id, "deleted");
    await waitForCloudState(c, first.cloud.id, "deleted");

    const second = await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 5, site: "nyc-hq" });
    expect((await c.cloud.call("DeleteConnection", { identifier: second.cloud.id })).connection.state).to.equal(
      "deleted",
    );
    await waitForPartnerState(c, second.partner.id, "deleted");

    const unused = await createCloudConnection(c, "us-east-1:nyc", 5);
    await c.cloud.call("DeleteConnection", { identifier: unused.id });
    const refused = await c.partner.post("/v1/connections", { activationKey: unused.activationKey, site: "nyc-hq" });
    expect(refused.status).to.equal(409);
    expect(refused.data.error.message).to.match(/deleted/);
  });

  it("refuses key misuse: wrong account, reuse, expiry, garbage", async () => {
    const key = (await createCloudConnection(c, "us-east-1:nyc", 10)).activationKey;
    const wrong = await c.partner2.post("/v1/connections", { activationKey: key, site: "nyc-hq" });
    expect(wrong.status).to.equal(403);
    ErrorBodySchema.parse(wrong.data);

    const ok = await c.partner.post("/v1/connections", { activationKey: key, site: "nyc-hq" });
    expect(ok.status).to.equal(201);
    const reuse = await c.partner.post("/v1/connections", { activationKey: key, site: "nyc-hq" });
    expect(reuse.status).to.equal(409);
    // Even a partner that skips its own check is refused by the cloud.
    const direct = await c.asPartnerAtCloud.post("/environments/us-east-1:nyc/ConfirmActivationKey", {
      encodedKey: key,
    });
    expect(direct.status).to.equal(409);

    const stale = await createCloudConnection(c, "us-east-1:nyc", 10);
    await c.admin.post("/clock", { advanceMs: 7 * 24 * 3600 * 1000 + 1000 });
    const expired = await c.partner.post("/v1/connections", { activationKey: stale.activationKey, site: "nyc-hq" });
    expect(expired.status).to.equal(409);
    expect(expired.data.error.message).to.match(/expired/);

    const garbage = await c.partner.post("/v1/connections", { activationKey: "bm90IGEga2V5", site: "nyc-hq" });
    expect(garbage.status).to.equal(400);
    const unauth = await c.partner.post(
      "/v1/connections",
      { activationKey: key, site: "nyc-hq" },
      { headers: { authorization: "Bearer nope" } },
    );
    expect(unauth.status).to.equal(401);
  });

  it("honours clientToken idempotency on both customer APIs", async () => {
    const body = {
      environmentId: "us-east-1:nyc",
      bandwidth: "1Gbps",
      attachPoint: DX_ATTACH_POINT,
      remoteAccount: { identifier: PARTNER_CUSTOMER_ACCOUNT },
      clientToken: "t-1",
    };
    const a = await c.cloud.send("CreateConnection", body);
    const b = await c.cloud.send("CreateConnection", body);
    expect([a.status, b.status]).to.deep.equal([200, 200]);
    expect(b.data.connection.id).to.equal(a.data.connection.id);
    const p1 = await c.partner.post("/v1/connections", {
      activationKey: a.data.connection.activationKey,
      site: "nyc-hq",
      clientToken: "p-1",
    });
    const p2 = await c.partner.post("/v1/connections", {
      activationKey: a.data.connection.activationKey,
      site: "nyc-hq",
      clientToken: "p-1",
    });
    expect([p1.status, p2.status]).to.deep.equal([201, 200]);
    expect(p2.data.id).to.equal(p1.data.id);
  });

  it("paginates customer and spec lists", async () => {
    for (let i = 0; i < 5; i++) await createCloudConnection(c, "us-east-1:nyc", 1);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await c.cloud.call("ListConnections", { maxResults: 2, ...(token ? { nextToken: token } : {}) });
      expect(page.connections?.length).to.be.at.most(2);
      seen.push(...(page.connections ?? []).map((x) => x.id));
      token = page.nextToken;
    } while (token);
    expect(new Set(seen).size).to.equal(5);
    const envs = await c.asPartnerAtCloud.get("/environments", { params: { pageSize: 1 } });
    expect(envs.data.environments).to.have.length(1);
    const rest = await c.asPartnerAtCloud.get("/environments", {
      params: { pageSize: 1, pageToken: envs.data.nextPageToken },
    });
    expect(rest.data.environments[0].name).to.not.equal(envs.data.environments[0].name);
    expect(rest.data.nextPageToken).to.equal(undefined);
    const bogus = await c.cloud.send("ListConnections", { nextToken: "bogus" });
    expect(bogus.status).to.equal(400);
    expect(bogus.data.__type).to.equal("InterconnectValidationException");
  });

  it("honours diversity: single-entrance site refused, diverseFrom avoids the shared conduit, relocate", async () => {
    const key = (await createCloudConnection(c, "us-east-1:nyc", 1)).activationKey;
    const annex = await c.partner.post("/v1/connections", {
      activationKey: key,
      site: "nyc-annex",
      diversity: ["entrance"],
    });
    expect(annex.status).to.equal(409);
    expect(annex.data.error.message).to.match(/single building entrance/);

    const a = await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 1, site: "nyc-hq" });
    expect(a.partner.interconnectName).to.equal("ic-1");
    const b = await activateConnection(c, {
      environment: "us-east-1:nyc",
      bandwidthGbps: 1,
      site: "nyc-hq",
      extra: { diversity: ["device", "conduit"], diverseFrom: [a.partner.id] },
    });
    expect(b.partner.interconnectName).to.equal("ic-3"); // ic-2 shares devices and the ch3 conduit with ic-1
    const conduitsA = new Set(a.partner.links.map((l) => l.conduit));
    expect(b.partner.links.some((l) => conduitsA.has(l.conduit))).to.equal(false);

    const moved = await c.partner.post(`/v1/connections/${a.partner.id}/links/ch1/relocate`, {
      distinct: ["entrance"],
      avoid: [`${a.partner.id}/ch2`],
    });
    expect(moved.status).to.equal(200);
    const ch1 = moved.data.links.find((l: { name: string }) => l.name === "ch1");
    const ch2 = moved.data.links.find((l: { name: string }) => l.name === "ch2");
    expect(ch1.entrance).to.not.equal(ch2.entrance);
    expect(ch1.operState).to.equal("UP");
    const impossible = await c.partner.post(`/v1/connections/${a.partner.id}/links/ch1/relocate`, {
      distinct: ["device"],
      avoid: [`${b.partner.id}/ch1`, `${a.partner.id}/ch1`],
    });
    expect(impossible.status).to.equal(200); // own link is ignored; b's devices differ
  });

  it("admin cut and drift show up on the links", async () => {
    const { partner } = await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 1, site: "nyc-hq" });
    await c.admin.post("/cut", { conduit: partner.links[0].conduit });
    const cut = (await c.partner.get(`/v1/connections/${partner.id}`)).data;
    expect(cut.links[0].operState).to.equal("DOWN");
    expect(cut.links[0].bgpState).to.equal("DOWN");
    expect(cut.links[1].operState).to.equal("UP");
    await c.admin.post("/drift", { connectionId: partner.id, bandwidthGbps: 2, macsec: false, linkAdminDown: "ch2" });
    const drifted = (await c.partner.get(`/v1/connections/${partner.id}`)).data;
    expect(drifted.bandwidthGbps).to.equal(2);
    expect(drifted.links.every((l: { macsecActive: boolean }) => !l.macsecActive)).to.equal(true);
    expect(drifted.links[1].adminState).to.equal("ADMIN_STATE_DOWN");
    await c.admin.post("/drift", { connectionId: partner.id, delete: true });
    expect((await c.partner.get(`/v1/connections/${partner.id}`)).data.state).to.equal("deleted");
    await waitFor("stats", async () =>
      (await c.admin.get("/stats")).data.byOperation["partner.GetConnection"] >= 3 ? true : undefined,
    );
  });
});
