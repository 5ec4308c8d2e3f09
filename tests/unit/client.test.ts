import { expect } from "chai";
import nock from "nock";
import { PartnerApiError, isConflict, isNotFound } from "../../provider/clients/errors";
import { PartnerClient, ResponseValidationError } from "../../provider/clients/partner";
import { listAll } from "../../provider/clients/paging";
import { PARTNER, PARTNER_TOKEN, partnerConnection, useTestSettings, rejection } from "../support/fixtures";

const fastRetry = { retries: 4, minDelayMs: 5, maxDelayMs: 3000, maxElapsedMs: 5000 };
const partner = () => new PartnerClient({ baseUrl: PARTNER, token: PARTNER_TOKEN, retry: fastRetry });
const errorBody = (status: number, code: string, message: string) => ({ error: { status, code, message } });

// nock 14 + axios 1 only surface errors passed as Error instances.
const networkError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("client", () => {
  useTestSettings();

  it("sends the bearer token of its endpoint", async () => {
    nock(PARTNER, { reqheaders: { authorization: `Bearer ${PARTNER_TOKEN}` } })
      .get("/v1/connections/pc-1")
      .reply(200, partnerConnection());
    expect((await partner().getConnection({ id: "pc-1" })).id).to.equal("pc-1");
  });

  it("retries a 503 and returns the eventual answer", async () => {
    const scope = nock(PARTNER)
      .get("/v1/connections/pc-1")
      .reply(503, errorBody(503, "UNAVAILABLE", "busy"))
      .get("/v1/connections/pc-1")
      .reply(200, partnerConnection());
    expect((await partner().getConnection({ id: "pc-1" })).state).to.equal("available");
    scope.done();
  });

  it("honours Retry-After in seconds on 429", async () => {
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .reply(429, errorBody(429, "RESOURCE_EXHAUSTED", "slow down"), { "Retry-After": "1" })
      .get("/v1/connections/pc-1")
      .reply(200, partnerConnection());
    const started = Date.now();
    await partner().getConnection({ id: "pc-1" });
    expect(Date.now() - started).to.be.at.least(950);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const inASecond = new Date(Date.now() + 1500).toUTCString(); // second resolution: at least ~500 ms ahead
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .reply(503, errorBody(503, "UNAVAILABLE", "maintenance"), { "Retry-After": inASecond })
      .get("/v1/connections/pc-1")
      .reply(200, partnerConnection());
    const started = Date.now();
    await partner().getConnection({ id: "pc-1" });
    expect(Date.now() - started).to.be.at.least(400);
  });

  it("waits out each Retry-After without spending the retry budget", async () => {
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .times(4)
      .reply(429, errorBody(429, "RESOURCE_EXHAUSTED", "slow down"), { "Retry-After": "0" })
      .get("/v1/connections/pc-1")
      .reply(200, partnerConnection());
    const client = new PartnerClient({ baseUrl: PARTNER, token: PARTNER_TOKEN, retry: { retries: 1, minDelayMs: 1 } });
    expect((await client.getConnection({ id: "pc-1" })).id).to.equal("pc-1");
  });

  it("gives up at once when Retry-After exceeds the maximum delay", async () => {
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .reply(429, errorBody(429, "RESOURCE_EXHAUSTED", "come back tomorrow"), { "Retry-After": "3600" });
    const e = await rejection(partner().getConnection({ id: "pc-1" }));
    expect(e).to.be.instanceOf(PartnerApiError).and.include({ status: 429, code: "RESOURCE_EXHAUSTED" });
  });

  it("retries ECONNRESET and refused connections", async () => {
    nock(PARTNER)
      .get("/v1/connections")
      .query(true)
      .replyWithError(networkError("ECONNRESET", "socket hang up"))
      .get("/v1/connections")
      .query(true)
      .replyWithError(networkError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"))
      .get("/v1/connections")
      .query(true)
      .reply(200, { connections: [] });
    expect((await partner().listConnections()).connections).to.deep.equal([]);
  });

  it("retries a request that timed out", async () => {
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .delay(300)
      .reply(200, partnerConnection())
      .get("/v1/connections/pc-1")
      .reply(200, partnerConnection());
    const client = new PartnerClient({
      baseUrl: PARTNER,
      token: PARTNER_TOKEN,
      retry: fastRetry,
      requestTimeoutMs: 100,
    });
    expect((await client.getConnection({ id: "pc-1" })).id).to.equal("pc-1");
  });

  it("stops after the retry budget with the last transient error", async () => {
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .times(5)
      .reply(500, errorBody(500, "INTERNAL", "boom"));
    const e = await rejection(partner().getConnection({ id: "pc-1" }));
    expect(e)
      .to.be.instanceOf(PartnerApiError)
      .and.include({ status: 500, code: "INTERNAL", operation: "partner.getConnection" });
  });

  for (const [status, code] of [
    [400, "INVALID_ARGUMENT"],
    [404, "NOT_FOUND"],
    [409, "CONFLICT"],
  ] as const) {
    it(`does not retry ${status}`, async () => {
      nock(PARTNER)
        .delete("/v1/connections/pc-1")
        .once()
        .reply(status, errorBody(status, code, `says ${code}`));
      const e = await rejection(partner().deleteConnection({ id: "pc-1" }));
      expect(e)
        .to.be.instanceOf(PartnerApiError)
        .and.include({ status, code, serverMessage: `says ${code}`, operation: "partner.deleteConnection" });
      expect(isNotFound(e)).to.equal(status === 404);
      expect(isConflict(e)).to.equal(status === 409);
    });
  }

  it("rejects a 2xx body that breaks the contract, without retrying", async () => {
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .once()
      .reply(200, { ...partnerConnection(), state: "exploded" });
    const e = await rejection(partner().getConnection({ id: "pc-1" }));
    expect(e).to.be.instanceOf(ResponseValidationError);
    expect(e.message).to.contain("state").and.contain("exploded");
  });

  it("never puts the token in an error", async () => {
    nock(PARTNER)
      .get("/v1/connections/pc-1")
      .reply(401, errorBody(401, "UNAUTHENTICATED", "bad token"));
    const e = await rejection(partner().getConnection({ id: "pc-1" }));
    expect(JSON.stringify(e)).not.to.contain(PARTNER_TOKEN);
    expect(String(e.stack)).not.to.contain(PARTNER_TOKEN);
  });

  it("follows page tokens with listAll", async () => {
    nock(PARTNER)
      .get("/v1/connections")
      .query({})
      .reply(200, { connections: [partnerConnection({ id: "pc-1" })], nextPageToken: "p2" })
      .get("/v1/connections")
      .query({ pageToken: "p2" })
      .reply(200, { connections: [partnerConnection({ id: "pc-2" })] });
    const client = partner();
    const all = await listAll(
      (pageToken) => client.listConnections({ pageToken }),
      (page) => page.connections as { id: string }[],
    );
    expect(all.map((c) => c.id)).to.deep.equal(["pc-1", "pc-2"]);
  });

  it("refuses a pagination loop", async () => {
    const pages = (token: string | undefined) => Promise.resolve({ items: [token], nextPageToken: "same" });
    const e = await rejection(listAll(pages, (p) => p.items));
    expect(e.message).to.contain("pagination loop");
  });

  it("covers the remaining routes", async () => {
    nock(PARTNER)
      .post("/v1/connections", (body) => body.macsec === "required" && body.site === "nyc-hq")
      .reply(201, partnerConnection({ state: "pending" }))
      .patch("/v1/connections/pc-1", { bandwidthGbps: 25 })
      .reply(200, partnerConnection({ state: "updating" }))
      .get("/v1/connections/pc-1/links")
      .query(true)
      .reply(200, { links: [] })
      .post("/v1/connections/pc-1/links/ch1/relocate", { distinct: ["device"], avoid: [] })
      .reply(200, partnerConnection({ state: "migrating" }));
    const p = partner();
    expect((await p.acceptActivationKey({ activationKey: "k", site: "nyc-hq" })).state).to.equal("pending");
    expect((await p.updateConnection({ id: "pc-1", bandwidthGbps: 25 })).state).to.equal("updating");
    expect((await p.listLinks({ id: "pc-1" })).links).to.deep.equal([]);
    expect((await p.relocateLink({ id: "pc-1", link: "ch1", distinct: ["device"] })).state).to.equal("migrating");
  });
});
