// Issue 4, end to end on the real engine: an ActivationKey + Interconnect go up at 10 Gbps, a bandwidth change
// previews as exactly one in-place update and costs exactly one UpdateConnection between the roles, a refresh and
// a no-change preview are quiet (the preview makes no API call at all), out-of-band drift is reported by refresh
// and undone by up, an invalid tier is refused at preview without an API call, destroy leaves nothing live, and
// neither the stack's backend nor the engine's output ever holds a plaintext key, token, CAK or MD5 password.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator } from "../../emulator/server";
import { DEV_AWS_SECRET_ACCESS_KEY, PARTNER_CUSTOMER_TOKEN } from "../../emulator/defaults";
import { cloudApiOf } from "../support/cloud";
import { admin as adminOf, adminStats, peerCalls } from "../support/emulator";
import { createTestStack, readAllFiles, TestStack } from "../support/engine";
import { BANDWIDTH_TIERS_GBPS } from "../../schema/aws";

const PROGRAM = "tests/e2e/programs/interconnect";
const INTERCONNECT_TYPE = "pulumi-nodejs:dynamic/interconnect:Interconnect";
const TOKENS = [DEV_AWS_SECRET_ACCESS_KEY, PARTNER_CUSTOMER_TOKEN];

describe("e2e: Interconnect bandwidth lifecycle on the real engine", function () {
  this.timeout(4 * 60_000);
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: TestStack;
  let dataDir: string;
  /** Every secret value the emulator held at some point: activation keys, CAKs, MD5 passwords. */
  const secrets = new Map<string, string>(); // value -> kind
  /** stdout of every engine operation, scanned for secrets at the end. */
  const outputs: string[] = [];
  const timings: [string, number][] = [];
  let started = 0;

  const admin = <T = unknown>(method: string, route: string, body?: unknown) =>
    adminOf<T>(emulator, method, route, body);
  const resetStats = () => admin("POST", "stats/reset");
  const stats = () => adminStats(emulator);
  const partnerGet = async (route: string) => {
    const res = await fetch(`${emulator.partnerUrl}${route}`, {
      headers: { authorization: `Bearer ${PARTNER_CUSTOMER_TOKEN}` },
    });
    expect(res.status, `GET partner${route}`).to.equal(200);
    return (await res.json()) as Record<string, unknown>;
  };

  /** Collects the secrets the emulator holds now from its persisted state (the admin API redacts CAKs and MD5s). */
  const harvestSecrets = () => {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      for (const [key, value] of Object.entries(node)) {
        if (["cak", "md5BgpPassword", "activationKey"].includes(key) && typeof value === "string" && value)
          secrets.set(value, key);
        else walk(value);
      }
    };
    walk(JSON.parse(fs.readFileSync(path.join(dataDir, "state.json"), "utf8")));
  };
  const stackState = () => {
    const file = path.join(stack.backendDir, ".pulumi", "stacks", "e2e-interconnect", `${stack.stack.name}.json`);
    return JSON.parse(fs.readFileSync(file, "utf8")) as {
      checkpoint: {
        latest: {
          resources: {
            urn: string;
            type: string;
            inputs?: Record<string, unknown>;
            outputs?: Record<string, unknown>;
          }[];
        };
      };
    };
  };
  const interconnectOutputs = () =>
    stackState().checkpoint.latest.resources.find((r) => r.type === INTERCONNECT_TYPE)?.outputs ?? {};
  /** What an operation changed: the engine's `refresh` pre-steps are bookkeeping; a changed resource shows as an update. */
  const changed = (res: { changes: { type: string; op: string }[] }) =>
    res.changes.filter((c) => c.op !== "refresh").map((c) => [c.type.split(":").pop(), c.op]);
  const record = <T extends { stdout: string }>(result: T): T => {
    outputs.push(result.stdout);
    return result;
  };

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-e2e-emulator-"));
    // A data dir makes the emulator persist its full state, CAKs and MD5 passwords included: the secrets to look for.
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100, dataDir });
    stack = await createTestStack(PROGRAM, {
      stackName: `e2e-interconnect-${process.pid}`,
      env: providerEnv(emulator),
    });
  });
  beforeEach(() => {
    started = Date.now();
  });
  afterEach(function () {
    timings.push([this.currentTest?.title ?? "?", Date.now() - started]);
  });
  after(async () => {
    if (timings.length)
      console.log(
        `      step timings:\n${timings.map(([t, ms]) => `        ${(ms / 1000).toFixed(1)}s  ${t}`).join("\n")}`,
      );
    if (destroyed) {
      // Step 7 already destroyed everything: skip dispose()'s second (empty) destroy, one engine run less.
      await stack.stack.workspace.removeStack(stack.stack.name);
      fs.rmSync(stack.backendDir, { recursive: true, force: true });
    } else await stack?.dispose();
    await emulator?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let partnerConnectionId: string;
  let destroyed = false;

  it("1. up at 10 Gbps: the Interconnect is available and verified with 4 MACsec links", async () => {
    await stack.setConfig("bandwidthGbps", "10");
    const res = record(await stack.up());
    expect(changed(res)).to.have.deep.members([
      ["ActivationKey", "create"],
      ["Interconnect", "create"],
    ]);
    expect(res.outputs).to.include({ bandwidthGbps: 10, state: "available", verificationState: "VERIFIED" });
    const links = res.outputs.links as { name: string; macsecActive: boolean }[];
    expect(links.map((l) => l.name)).to.have.members(["ch1", "ch2", "ch3", "ch4"]);
    expect(
      links.every((l) => l.macsecActive),
      "MACsec active on every link",
    ).to.equal(true);
    partnerConnectionId = res.outputs.connectionId as string;
    harvestSecrets();

    // Issue 7 P1: size of the thin stub each resource carries as its `__provider` input.
    for (const resource of stackState().checkpoint.latest.resources.filter((r) => r.inputs?.__provider !== undefined)) {
      const stub = resource.inputs!.__provider;
      const bytes = Buffer.byteLength(typeof stub === "string" ? stub : JSON.stringify(stub), "utf8");
      console.log(`      __provider of ${resource.type.split(":").pop()}: ${bytes} bytes`);
      expect(bytes, "thin stub").to.be.below(200);
    }
  });

  it("2. preview of bandwidthGbps=25 shows exactly one update (the Interconnect's bandwidthGbps)", async () => {
    await stack.setConfig("bandwidthGbps", "25");
    const res = record(await stack.preview());
    expect(res.changes).to.have.lengthOf(1);
    expect(res.changes[0].type).to.equal(INTERCONNECT_TYPE);
    expect(res.changes[0].op).to.equal("update");
    expect(res.changes[0].diffs).to.include("bandwidthGbps");
  });

  it("3. up to 25 Gbps makes exactly one UpdateConnection between the roles", async () => {
    await resetStats();
    const res = record(await stack.up());
    const s = await stats();
    expect(changed(res)).to.deep.equal([["Interconnect", "update"]]);
    expect(res.outputs).to.include({ bandwidthGbps: 25, state: "available", verificationState: "VERIFIED" });
    expect(peerCalls(s, "UpdateConnection"), JSON.stringify(s.requests)).to.equal(1);
    harvestSecrets();
  });

  it("4. refresh shows no change, and a no-change preview makes no API call at all", async () => {
    const refreshed = record(await stack.refresh());
    expect(changed(refreshed)).to.deep.equal([]);
    await resetStats();
    const res = record(await stack.preview());
    const s = await stats();
    expect(res.changes).to.deep.equal([]);
    expect(s.total, JSON.stringify(s.requests)).to.equal(0);
  });

  it("5a. out-of-band drift to 5 Gbps: refresh reports it", async () => {
    await admin("POST", "drift", { connectionId: partnerConnectionId, bandwidthGbps: 5 });
    const refreshed = record(await stack.refresh());
    expect(changed(refreshed)).to.deep.equal([["Interconnect", "update"]]);
    expect(interconnectOutputs().bandwidthGbps).to.equal(5);
  });

  it("5b. up restores 25 Gbps with one update", async () => {
    await resetStats();
    const res = record(await stack.up());
    const s = await stats();
    expect(changed(res)).to.deep.equal([["Interconnect", "update"]]);
    expect(res.outputs).to.include({ bandwidthGbps: 25, state: "available", verificationState: "VERIFIED" });
    expect(peerCalls(s, "UpdateConnection"), JSON.stringify(s.requests)).to.equal(1);
    harvestSecrets();
  });

  it("6. an invalid tier (3 Gbps) fails the preview, listing the allowed tiers, without an API call", async () => {
    await stack.setConfig("bandwidthGbps", "3");
    await resetStats();
    let message = "";
    try {
      record(await stack.preview());
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
      outputs.push(message);
      console.log(
        `      preview failed as expected:\n${message
          .split("\n")
          .filter((l) => l.includes("bandwidthGbps"))
          .map((l) => `        ${l.trim()}`)
          .join("\n")}`,
      );
    }
    const s = await stats();
    expect(message, "preview must fail").to.match(/bandwidthGbps/);
    expect(message).to.include(BANDWIDTH_TIERS_GBPS.join(", "));
    expect(s.total, JSON.stringify(s.requests)).to.equal(0);
    await stack.setConfig("bandwidthGbps", "25");
  });

  it("7. destroy leaves no live connection on either side", async () => {
    harvestSecrets();
    const res = record(await stack.destroy());
    destroyed = true;
    expect(changed(res)).to.have.deep.members([
      ["ActivationKey", "delete"],
      ["Interconnect", "delete"],
    ]);
    const partner = (await partnerGet("/v1/connections")).connections as { id: string; state: string }[];
    expect(partner.filter((c) => c.state !== "deleted")).to.deep.equal([]);
    expect(await cloudApiOf(emulator).liveConnections()).to.deep.equal([]);
  });

  it("8. no plaintext activation key, token, CAK or MD5 password in the backend or the engine's output", () => {
    const kinds = [...secrets.values()];
    const count = (kind: string) => new Set([...secrets].filter(([, k]) => k === kind).map(([v]) => v)).size;
    console.log(
      `      scanning for ${count("activationKey")} activation key(s), ${count("cak")} CAK(s), ${count("md5BgpPassword")} MD5 password(s), ${TOKENS.length} tokens`,
    );
    for (const kind of ["activationKey", "cak", "md5BgpPassword"])
      expect(kinds, "secrets harvested from the emulator").to.include(kind);
    const backend = readAllFiles(stack.backendDir);
    const engineOutput = outputs.join("\n");
    for (const secret of [...secrets.keys(), ...TOKENS]) {
      const label = TOKENS.includes(secret) ? secret : `${secret.slice(0, 6)}… (${secret.length} chars)`;
      expect(backend.includes(secret), `backend holds ${label}`).to.equal(false);
      expect(engineOutput.includes(secret), `engine output holds ${label}`).to.equal(false);
    }
  });
});
