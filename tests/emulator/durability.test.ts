// Issue 15, items 4, 5 and 6: a change is answered only once written (5xx and rollback when the write fails), the
// data dir must be writable at start, one emulator per data dir (lock file), and state.json is validated on load.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { ErrorBodySchema } from "../../schema/customer";
import { activateConnection, createCloudConnection, customerClients } from "../support/clients";

const NYC = "us-east-1:nyc";

async function startError(opts: Parameters<typeof startEmulator>[0]): Promise<Error | undefined> {
  try {
    const em = await startEmulator(opts);
    await em.stop();
  } catch (err) {
    return err as Error;
  }
  return undefined;
}

describe("emulator: durability and the data dir", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "icemu-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stateFile = () => path.join(dir, "state.json");
  const onDisk = () => JSON.parse(fs.readFileSync(stateFile(), "utf8"));

  it("has the change on disk when the answer arrives", async () => {
    // A slow ticker (200 ms), so the request's own write is what puts the change on disk.
    const em = await startEmulator({ port: 0, provisioningDelayMs: 5000, dataDir: dir });
    const c = customerClients(em);
    try {
      await c.admin.post("/clock", { advanceMs: 12345 });
      expect(onDisk().clockOffsetMs).to.equal(12345);
      const created = await createCloudConnection(c, NYC, 1);
      expect(onDisk().cloud.connections).to.have.property(created.id);
      const accepted = await c.partner.post("/v1/connections", {
        activationKey: created.activationKey,
        site: "nyc-hq",
      });
      expect(onDisk().partner.connections).to.have.property(accepted.data.id);
    } finally {
      await em.stop();
    }
  });

  it("writes nothing for reads, nor while idle (a proposal waiting for the cloud is no work)", async () => {
    const em = await startEmulator({ port: 0, provisioningDelayMs: 50, dataDir: dir });
    const c = customerClients(em);
    try {
      const { cloud, partner } = await activateConnection(c, { environment: NYC, bandwidthGbps: 1, site: "nyc-hq" });
      await c.admin.post("/portal/proposals", { environment: NYC, bandwidthGbps: 1, site: "nyc-hq" });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the ticks after the last change have written it
      // Every write is a new file renamed over state.json: an unchanged inode means no write.
      const inode = fs.statSync(stateFile()).ino;
      for (let i = 0; i < 5; i++) {
        await c.cloud.call("GetConnection", { identifier: cloud.id });
        await c.cloud.call("ListConnections", {});
        await c.cloud.call("ListEnvironments", {});
        await c.partner.get(`/v1/connections/${partner.id}`);
        await c.admin.get("/state");
      }
      await new Promise((resolve) => setTimeout(resolve, 300)); // about 30 ticks
      expect(fs.statSync(stateFile()).ino, "state.json rewritten without a change").to.equal(inode);
      await c.cloud.call("TagResource", { arn: cloud.arn, tags: { team: "net" } });
      expect(fs.statSync(stateFile()).ino, "a change is written").to.not.equal(inode);
      expect(onDisk().cloud.connections[cloud.id].tags).to.deep.equal({ team: "net" });
    } finally {
      await em.stop();
    }
  });

  it("refuses to start on a data dir that cannot be written", async () => {
    const file = path.join(dir, "a-file");
    fs.writeFileSync(file, "not a dir");
    const error = await startError({ port: 0, dataDir: path.join(file, "data") });
    expect(error?.message).to.match(/data dir .*a-file\/data is not writable/);
  });

  it("answers 5xx and rolls back when the write fails; the ticker survives and writes once the dir is back", async () => {
    const em = await startEmulator({ port: 0, provisioningDelayMs: 20, dataDir: dir });
    const c = customerClients(em);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      await c.admin.post("/clock", { advanceMs: 1000 });
      const { partner } = await activateConnection(c, { environment: NYC, bandwidthGbps: 1, site: "nyc-hq" });
      fs.rmSync(dir, { recursive: true, force: true });
      fs.writeFileSync(dir, "the data dir is now a file"); // the temp-file write fails with ENOTDIR, even as root

      const clock = await c.admin.post("/clock", { advanceMs: 5000 });
      expect(clock.status).to.equal(503);
      expect(ErrorBodySchema.parse(clock.data).error.message).to.match(/could not be written.*rolled back/);
      expect((await c.admin.get("/clock")).data.offsetMs).to.equal(1000);

      const aws = await c.cloud.send("CreateConnection", {
        environmentId: NYC,
        bandwidth: "1Gbps",
        attachPoint: { directConnectGateway: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01" },
      });
      expect([aws.status, aws.data.__type, aws.headers["x-amzn-errortype"]]).to.deep.equal([
        500,
        "InterconnectServerException",
        "InterconnectServerException",
      ]);
      expect((await c.cloud.call("ListConnections", {})).connections).to.have.length(1);

      const deleted = await c.partner.delete(`/v1/connections/${partner.id}`);
      expect(deleted.status).to.equal(503);
      expect((await c.partner.get(`/v1/connections/${partner.id}`)).data.state).to.equal("available");

      fs.rmSync(dir, { force: true });
      fs.mkdirSync(dir);
      const again = await c.admin.post("/clock", { advanceMs: 5000 });
      expect(again.status).to.equal(200);
      expect(onDisk().clockOffsetMs).to.equal(6000);
    } finally {
      console.error = original;
      await em.stop();
    }
  });

  it("allows one emulator per data dir; the lock is released on stop", async () => {
    const first = await startEmulator({ port: 0, dataDir: dir });
    const lock = path.join(dir, "emulator.lock");
    try {
      expect(fs.readFileSync(lock, "utf8").trim()).to.equal(String(process.pid));
      const error = await startError({ port: 0, dataDir: dir });
      expect(error?.message).to.match(new RegExp(`in use by another emulator \\(pid ${process.pid}`));
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(lock)).to.equal(false);
    const second = await startEmulator({ port: 0, dataDir: dir });
    await second.stop();
  });

  it("takes over a stale lock whose process is gone", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    fs.writeFileSync(path.join(dir, "emulator.lock"), `${dead}\n`);
    const em = await startEmulator({ port: 0, dataDir: dir });
    try {
      expect(fs.readFileSync(path.join(dir, "emulator.lock"), "utf8").trim()).to.equal(String(process.pid));
    } finally {
      await em.stop();
    }
  });

  it("refuses a structurally incomplete state.json, naming the first bad field", async () => {
    let em: RunningEmulator = await startEmulator({ port: 0, provisioningDelayMs: 20, dataDir: dir });
    const { partner } = await activateConnection(customerClients(em), {
      environment: NYC,
      bandwidthGbps: 1,
      site: "nyc-hq",
    });
    await em.stop();
    const good = fs.readFileSync(stateFile(), "utf8");

    const broken = JSON.parse(good);
    delete broken.partner.connections[partner.id].links;
    fs.writeFileSync(stateFile(), JSON.stringify(broken));
    expect((await startError({ port: 0, dataDir: dir }))?.message).to.include(
      `partner.connections.${partner.id}.links`,
    );

    const noCuts = JSON.parse(good);
    delete noCuts.cuts;
    fs.writeFileSync(stateFile(), JSON.stringify(noCuts));
    expect((await startError({ port: 0, dataDir: dir }))?.message).to.match(/corrupt at cuts/);
    expect(fs.existsSync(path.join(dir, "emulator.lock")), "lock released after a refused start").to.equal(false);

    fs.writeFileSync(stateFile(), good);
    em = await startEmulator({ port: 0, dataDir: dir });
    await em.stop();
  });

  it("keeps a refused issue out of the state across restarts", async () => {
    let em = await startEmulator({ port: 0, dataDir: dir });
    let c = customerClients(em);
    expect(
      (await c.asPartnerAtCloud.post("/issues", { title: "t", body: "b", priority: 9 }, { params: { issueId: "p9" } }))
        .status,
    ).to.equal(400);
    await em.stop();
    em = await startEmulator({ port: 0, dataDir: dir });
    c = customerClients(em);
    try {
      const list = await c.asPartnerAtCloud.get("/issues");
      expect([list.status, list.data.issues]).to.deep.equal([200, []]);
    } finally {
      await em.stop();
    }
  });
});
