import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { ErrorBodySchema } from "../../schema/customer";
import {
  activateConnection,
  createCloudConnection,
  customerClients,
  waitForCloudState,
  waitForPartnerState,
  type Clients,
} from "../support/clients";

describe("emulator: fault injection", () => {
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 30 });
    c = customerClients(em);
  });
  afterEach(() => em.stop());

  it("answers configured error codes with ErrorBody (AWS: __type), only in the configured scope", async () => {
    await c.admin.post("/faults", { scope: ["customer"], errorRates: { "503": 1 } });
    const res = await c.cloud.send("ListConnections", {});
    expect(res.status).to.equal(503);
    expect(res.data.__type).to.equal("InterconnectServerException");
    expect(res.headers["x-amzn-errortype"]).to.equal("InterconnectServerException");
    ErrorBodySchema.parse((await c.partner.get("/v1/connections")).data);
    expect((await c.asPartnerAtCloud.get("/environments")).status).to.equal(200); // peer API untouched
    await c.admin.delete("/faults");
    expect((await c.cloud.send("ListConnections", {})).status).to.equal(200);
    const stats = (await c.admin.get("/stats")).data;
    expect(stats.byOperation["cloud.ListConnections"]).to.equal(2);
  });

  it("adds latency", async () => {
    await c.admin.post("/faults", { latencyMs: 150 });
    const started = Date.now();
    await c.cloud.call("ListEnvironments", {});
    expect(Date.now() - started).to.be.at.least(140);
  });

  it("rate limits with 429 and Retry-After", async () => {
    await c.admin.post("/faults", { rateLimitRps: 2, scope: ["customer"] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await c.cloud.send("ListEnvironments", {}));
    expect(statuses.map((r) => r.status)).to.deep.equal([200, 200, 429, 429]);
    expect(statuses[2].headers["retry-after"]).to.equal("1");
    expect(statuses[2].data.__type).to.equal("ThrottlingException");
  });

  it("resets connections", async () => {
    await c.admin.post("/faults", { resetRate: 1, scope: ["customer"] });
    let error: unknown;
    try {
      await c.cloud.send("ListEnvironments", {});
    } catch (err) {
      error = err;
    }
    expect((error as { code?: string }).code).to.match(/ECONNRESET|EPIPE|ECONNABORTED/);
    expect((await c.admin.get("/stats")).data.byStatus.reset).to.equal(1);
  });

  it("fails provisioning with a reason", async () => {
    await c.admin.post("/faults", { provisioningFailureRate: 1 });
    const cloud = await createCloudConnection(c, "us-east-1:nyc", 1);
    const accepted = await c.partner.post("/v1/connections", { activationKey: cloud.activationKey, site: "nyc-hq" });
    const failed = await waitForPartnerState(c, accepted.data.id, "failed");
    expect(failed.failureReason).to.match(/provisioning failed/);
  });

  it("recovers from transient peer faults: negotiation retries until available", async () => {
    const cloud = await createCloudConnection(c, "us-east-1:nyc", 1);
    const accepted = await c.partner.post("/v1/connections", { activationKey: cloud.activationKey, site: "nyc-hq" });
    expect(accepted.status).to.equal(201);
    await c.admin.post("/faults", { scope: ["peer"], errorRates: { "500": 0.3 } });
    await waitForPartnerState(c, accepted.data.id, "available", 20_000);
    await c.admin.delete("/faults");
  });
});

describe("emulator: persistence", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "icemu-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps every connection across a restart and resumes in-flight provisioning", async () => {
    let em = await startEmulator({ port: 0, provisioningDelayMs: 400, dataDir: dir });
    let c = customerClients(em);
    const done = await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 1, site: "nyc-hq" });
    const cloud = await createCloudConnection(c, "us-east-1:nyc", 5);
    const accepted = await c.partner.post("/v1/connections", { activationKey: cloud.activationKey, site: "nyc-hq" });
    expect(accepted.data.state).to.equal("provisioning");
    await em.stop();

    em = await startEmulator({ port: 0, provisioningDelayMs: 400, dataDir: dir });
    c = customerClients(em);
    try {
      expect((await c.partner.get(`/v1/connections/${done.partner.id}`)).data.state).to.equal("available");
      await waitForPartnerState(c, accepted.data.id, "available");
      await waitForCloudState(c, cloud.id, "available");
      expect((await c.partner.get("/v1/connections")).data.connections).to.have.length(2);
    } finally {
      await em.stop();
    }
  });

  it("refuses a corrupt state file with a clear error", async () => {
    fs.writeFileSync(path.join(dir, "state.json"), "{ not json");
    let error: Error | undefined;
    try {
      await startEmulator({ port: 0, dataDir: dir });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.match(/corrupt/);
  });
});
