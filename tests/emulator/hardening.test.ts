// Issue 15, items 2, 3, 6 (peer side), 7 and 8: object-key tokens and ids, prototype pollution through the admin API,
// peer input validated before it is stored, admin API hygiene (strict bodies, JSON only, loopback Host) and long ids.
import { expect } from "chai";
import * as http from "node:http";
import axios from "axios";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { ErrorBodySchema } from "../../schema/customer";
import { customerClients, type Clients } from "../support/clients";

const NYC = "us-east-1:nyc";
const OBJECT_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

/** A raw request, so the Host header can be anything. */
function rawRequest(
  url: string,
  opts: { method?: string; host?: string; body?: string; contentType?: string },
): Promise<{ status: number; body: any }> {
  const u = new URL(url);
  const headers: Record<string, string> = {};
  if (opts.host !== undefined) headers.host = opts.host;
  if (opts.contentType) headers["content-type"] = opts.contentType;
  if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: u.hostname, port: u.port, path: u.pathname, method: opts.method ?? "GET", headers },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // kept as text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

describe("emulator: hardening", () => {
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 20 });
    c = customerClients(em);
  });
  afterEach(() => em.stop());

  it("answers 401 to object-key bearer tokens on every bearer API", async () => {
    for (const token of OBJECT_KEYS) {
      const headers = { authorization: `Bearer ${token}` };
      const urls = [
        `${em.partnerUrl}/v1/connections`,
        `${em.cloudUrl}/providers/partner/environments`,
        `${em.partnerUrl}/providers/cloud/environments`,
      ];
      for (const url of urls) {
        const res = await axios.get(url, { headers, validateStatus: () => true });
        expect(res.status, `${token} at ${url}`).to.equal(401);
        ErrorBodySchema.parse(res.data);
      }
    }
  });

  it("never resolves object keys as ids (customer, spec and AWS lookups)", async () => {
    const ic = `/environments/${NYC}/interconnects/ic-1`;
    for (const id of OBJECT_KEYS) {
      expect((await c.partner.get(`/v1/connections/${id}`)).status, `partner ${id}`).to.equal(404);
      expect((await c.partner.delete(`/v1/connections/${id}`)).status, `partner delete ${id}`).to.equal(404);
      expect((await c.asPartnerAtCloud.get(`${ic}/connections/${id}`)).status, `spec connection ${id}`).to.equal(404);
      expect((await c.asCloudAtPartner.get(`${ic}/connections/${id}/features`)).status, `features ${id}`).to.equal(404);
      expect((await c.asPartnerAtCloud.get(`${ic}/channels/ch1/macSecKeys/${id}`)).status, `key ${id}`).to.equal(404);
      expect((await c.asPartnerAtCloud.get(`/issues/${id}`)).status, `issue ${id}`).to.equal(404);
      const aws = await c.cloud.send("GetConnection", { identifier: id });
      expect(aws.status, `aws ${id}`).to.be.oneOf([400, 404]);
    }
  });

  it("refuses __proto__ keys in JSON bodies", async () => {
    const res = await c.partner.post(
      "/v1/connections",
      '{"activationKey":"x","site":"nyc-hq","__proto__":{"polluted":1}}',
      {
        headers: { "content-type": "application/json" },
      },
    );
    expect(res.status).to.equal(400);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("POST /_admin/drift with an Object.prototype name is 400 and leaves Object.prototype alone", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const connectionId of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const res = await c.admin.post("/drift", { connectionId, bandwidthGbps: 5, macsec: false, delete: true });
      expect(res.status, connectionId).to.equal(400);
      ErrorBodySchema.parse(res.data);
    }
    const raw = await rawRequest(`${em.url}/_admin/drift`, {
      method: "POST",
      contentType: "application/json",
      body: '{"connectionId":"__proto__","bandwidthGbps":5,"__proto__":{"anything":1}}',
    });
    expect(raw.status).to.equal(400);
    expect(({} as Record<string, unknown>).anything).to.equal(undefined);
    expect(({} as Record<string, unknown>).bandwidthGbps).to.equal(undefined);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(before);
  });

  it("validates CreateIssue before storing: bad priority is 400, ListIssues keeps working", async () => {
    for (const priority of ["PRIORITY_P9", 7, null]) {
      const res = await c.asPartnerAtCloud.post(
        "/issues",
        { title: "t", body: "b", priority },
        { params: { issueId: `bad-${String(priority)}` } },
      );
      expect(res.status, String(priority)).to.equal(400);
      expect(res.data.error.message).to.match(/priority/);
    }
    const badContext = await c.asPartnerAtCloud.post(
      "/issues",
      { title: "t", body: "b", connectionContexts: "nope" },
      { params: { issueId: "ctx" } },
    );
    expect(badContext.status).to.equal(400);
    const ok = await c.asPartnerAtCloud.post(
      "/issues",
      { title: "t", body: "b", priority: "PRIORITY_P1", extra: 1 },
      { params: { issueId: "ok-1" } },
    );
    expect(ok.status).to.equal(200);
    expect(ok.data).to.not.have.property("extra");
    const list = await c.asPartnerAtCloud.get("/issues");
    expect(list.status).to.equal(200);
    expect(list.data.issues.map((i: { name: string }) => i.name)).to.deep.equal(["providers/partner/issues/ok-1"]);
    const longId = await c.asPartnerAtCloud.post(
      "/issues",
      { title: "t", body: "b" },
      { params: { issueId: "i".repeat(101) } },
    );
    expect([longId.status, longId.data.error.message]).to.deep.equal([400, "id too long (max 100)"]);
  });

  it("admin bodies are strict: unknown fields are 400 naming them", async () => {
    const res = await c.admin.post("/faults", { errorRate: 0.5 });
    expect(res.status).to.equal(400);
    expect(res.data.error.message).to.include("errorRate");
    expect((await c.admin.post("/clock", { advanceMs: 1, extra: true })).data.error.message).to.include("extra");
    expect((await c.admin.post("/cut", { conduit: "x", bogus: 1 })).status).to.equal(400);
    expect(
      (await c.admin.post("/macsec/rotate", { environment: NYC, interconnect: "ic-1", channel: "ch1", x: 1 })).status,
    ).to.equal(400);
    expect((await c.admin.post("/stats/reset", { x: 1 })).status).to.equal(400);
    expect((await c.admin.get("/faults")).data.errorRates).to.deep.equal({});
  });

  it("admin POSTs take application/json bodies only; an empty body without a content type is fine", async () => {
    const text = await rawRequest(`${em.url}/_admin/clock`, {
      method: "POST",
      contentType: "text/plain",
      body: '{"advanceMs":1}',
    });
    expect(text.status).to.equal(415);
    ErrorBodySchema.parse(text.body);
    const form = await rawRequest(`${em.url}/_admin/clock`, {
      method: "POST",
      contentType: "application/x-www-form-urlencoded",
      body: "advanceMs=1",
    });
    expect(form.status).to.equal(415);
    const json = await rawRequest(`${em.url}/_admin/clock`, {
      method: "POST",
      contentType: "application/json; charset=utf-8",
      body: '{"advanceMs":1}',
    });
    expect(json.status).to.equal(200);
    const empty = await rawRequest(`${em.url}/_admin/stats/reset`, { method: "POST" });
    expect(empty.status).to.equal(200);
    expect((await c.admin.post("/stats/reset")).status).to.equal(200);
    expect((await c.admin.delete("/faults")).status).to.equal(200);
  });

  it("answers /_admin only for loopback Host names", async () => {
    const port = new URL(em.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "localhost", "127.0.0.1"]) {
      expect((await rawRequest(`${em.url}/_admin/stats`, { host })).status, host).to.equal(200);
    }
    for (const host of [
      "evil.example",
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `192.168.1.10:${port}`,
    ]) {
      const res = await rawRequest(`${em.url}/_admin/clock`, {
        method: "POST",
        host,
        contentType: "application/json",
        body: '{"advanceMs":1000}',
      });
      expect(res.status, `host ${host}`).to.equal(403);
      ErrorBodySchema.parse(res.body);
    }
    expect((await c.admin.get("/clock")).data.offsetMs).to.equal(0);
    // The other APIs are not restricted by Host.
    expect((await rawRequest(`${em.url}/healthz`, { host: "evil.example" })).status).to.equal(200);
  });

  it("answers an id over 100 characters in a path with 400 in the API's error shape", async () => {
    const long = "x".repeat(101);
    const ic = `/environments/${NYC}/interconnects/ic-1`;
    for (const res of [
      await c.partner.get(`/v1/connections/${long}`),
      await c.asPartnerAtCloud.get(`${ic}/connections/${long}`),
      await c.asCloudAtPartner.get(`/environments/${long}`),
    ]) {
      expect(res.status).to.equal(400);
      expect(ErrorBodySchema.parse(res.data).error).to.deep.equal({
        code: "INVALID_ARGUMENT",
        message: "id too long (max 100)",
        status: 400,
      });
    }
    expect((await c.partner.get(`/v1/connections/${"x".repeat(100)}`)).status).to.equal(404);
    expect((await c.admin.get(`/${long}`)).status).to.equal(404);
  });
});
