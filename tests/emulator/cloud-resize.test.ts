// Issue 19, item 4: a resize the AWS customer asks for after the partner accepted the key. AWS UpdateConnection asks
// the partner (the spec's UpdateConnection); the connection is `updating` until both sides re-provisioned, then
// `available` at the new tier. A refusal (no room on the interconnect), an unreachable partner and an emulator
// restart in the middle each leave both sides at one agreed size, never `updating` for ever.
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import {
  activateConnection,
  customerClients,
  getCloudConnection,
  waitForCloudState,
  type Clients,
} from "../support/clients";

const NYC = { environment: "us-east-1:nyc", site: "nyc-hq" };
/** sjc's ic-1, where the partner places new connections first, has 12 Gbps left on the cloud side. */
const SJC = { environment: "us-west-2:sjc", site: "sjc-campus" };

describe("emulator: AWS UpdateConnection of an accepted connection", function () {
  this.timeout(60_000);
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 300 });
    c = customerClients(em);
  });
  afterEach(async () => em?.stop());

  const partnerRecord = async (id: string) => (await c.partner.get(`/v1/connections/${id}`)).data;

  it("is updating at the new size, then available on both sides, with one spec UpdateConnection", async () => {
    const { cloud, partner } = await activateConnection(c, { ...NYC, bandwidthGbps: 10 });
    await c.admin.post("/stats/reset");
    const answer = await c.cloud.send("UpdateConnection", { identifier: cloud.id, bandwidth: "25Gbps" });
    expect(answer.status).to.equal(200);
    expect(answer.data.connection).to.include({ bandwidth: "25Gbps", state: "updating" });
    const done = await waitForCloudState(c, cloud.id, "available");
    expect(done.bandwidth).to.equal("25Gbps");
    expect(await partnerRecord(partner.id)).to.include({ bandwidthGbps: 25, state: "available" });
    const stats = (await c.admin.get("/stats")).data as { requests: { api: string; operation: string }[] };
    const specUpdates = stats.requests.filter((r) => r.api === "peer" && r.operation === "UpdateConnection");
    expect(specUpdates).to.have.length(1);
  });

  it("no room on the interconnect: ServiceQuotaExceededException naming the tier; both sides stay at 10", async () => {
    const { cloud, partner } = await activateConnection(c, { ...SJC, bandwidthGbps: 10 });
    const answer = await c.cloud.send("UpdateConnection", { identifier: cloud.id, bandwidth: "25Gbps" });
    expect(answer.status).to.equal(402);
    expect(answer.data.__type).to.equal("ServiceQuotaExceededException");
    expect(answer.data.message).to.match(/no room for 25Gbps/);
    expect(await getCloudConnection(c, cloud.id)).to.include({ bandwidth: "10Gbps", state: "available" });
    expect(await partnerRecord(partner.id)).to.include({ bandwidthGbps: 10, state: "available" });
  });

  it("the partner unreachable: a retryable 5xx that says so; the connection goes back to 10 and available", async () => {
    const { cloud, partner } = await activateConnection(c, { ...NYC, bandwidthGbps: 10 });
    await c.admin.post("/faults", { scope: ["peer"], errorRates: { "503": 1 } });
    const answer = await c.cloud.send("UpdateConnection", { identifier: cloud.id, bandwidth: "25Gbps" });
    await c.admin.delete("/faults");
    expect(answer.status).to.equal(500);
    expect(answer.data.__type).to.equal("InterconnectServerException");
    expect(answer.data.message).to.match(/could not be reached to resize to 25Gbps.*retry/);
    expect(await waitForCloudState(c, cloud.id, "available")).to.include({ bandwidth: "10Gbps" });
    expect(await partnerRecord(partner.id)).to.include({ bandwidthGbps: 10 });
  });
});

/** The emulator's CLI in a process of its own, so it can die mid-request (kill -9) as a real one would. */
function spawnEmulator(dir: string): Promise<{ child: ChildProcess; em: RunningEmulator }> {
  const cli = path.join(__dirname, "..", "..", "dist", "emulator", "cli.js");
  const args = [cli, "--port", "0", "--data", dir, "--provisioning-delay-ms", "300"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const cloudUrl = /^cloud: (\S+)$/m.exec(out)?.[1];
      if (!cloudUrl || !out.includes("partner token:")) return;
      const url = cloudUrl.replace(/\/cloud$/, "");
      const region = /^region: (\S+)$/m.exec(out)![1];
      const credentials = {
        accessKeyId: /^aws access key id: (\S+)$/m.exec(out)![1],
        secretAccessKey: /^aws secret access key: (\S+)$/m.exec(out)![1],
      };
      const em = { url, cloudUrl, partnerUrl: `${url}/partner`, region, credentials } as unknown as RunningEmulator;
      resolve({ child, em });
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

describe("emulator: killed (-9) in the middle of an AWS resize", function () {
  this.timeout(60_000);
  let dir: string;
  let em: RunningEmulator | undefined;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "icemu-resize-"))));
  afterEach(async () => {
    await em?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("settles on restart to one size both sides agree on, and the next resize works", async () => {
    const first = await spawnEmulator(dir);
    let c = customerClients(first.em);
    const { cloud, partner } = await activateConnection(c, { ...NYC, bandwidthGbps: 10 });
    // The partner answers the spec's UpdateConnection slowly: the resize is in flight when the emulator dies.
    await c.admin.post("/faults", { scope: ["peer"], latencyMs: 5000 });
    // Never answered: the emulator dies first, so the socket error is the expected end of this request.
    const unanswered = c.cloud
      .send("UpdateConnection", { identifier: cloud.id, bandwidth: "25Gbps" })
      .catch((e: Error) => e.message);
    await new Promise((resolve) => setTimeout(resolve, 800)); // the ticker has written the resize in flight
    first.child.kill("SIGKILL");
    await unanswered;
    await new Promise((resolve) => first.child.once("exit", resolve));
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));
    expect(onDisk.cloud.connections[cloud.id].updateInFlight, "on disk: the resize in flight").to.equal(true);

    em = await startEmulator({ port: 0, provisioningDelayMs: 300, dataDir: dir });
    c = customerClients(em);
    await c.admin.delete("/faults");
    const settled = await waitForCloudState(c, cloud.id, "available");
    const partnerSide = (await c.partner.get(`/v1/connections/${partner.id}`)).data;
    expect(settled.bandwidth).to.equal(`${partnerSide.bandwidthGbps}Gbps`);
    const again = await c.cloud.send("UpdateConnection", { identifier: cloud.id, bandwidth: "25Gbps" });
    expect(again.status).to.equal(200);
    expect(await waitForCloudState(c, cloud.id, "available")).to.include({ bandwidth: "25Gbps" });
  });
});
