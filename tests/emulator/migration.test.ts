// A data dir written by the previous release (state version 1: each role's own connections under `customers`, the
// spec's under `connections`) opens in this release: the same connections, verified as before, written back in the
// current layout, and the next change works. fixtures/state-v1.json was written by that release's emulator: one
// available 10 Gbps connection accepted at the partner, and one 5 Gbps key not accepted yet.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { customerClients, getCloudConnection, waitForCloudState } from "../support/clients";

const FIXTURE = path.join(__dirname, "fixtures", "state-v1.json");
const AVAILABLE = "lmcc-lk7j3aat";
const WAITING = "lmcc-0qz3ayf3";
const PARTNER = "pcon-028dcb71";

describe("emulator: a data dir of the previous release", () => {
  let dir: string;
  let em: RunningEmulator | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "icemu-migrate-"));
    fs.copyFileSync(FIXTURE, path.join(dir, "state.json"));
  });
  afterEach(async () => {
    await em?.stop();
    em = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const onDisk = () => JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));

  it("opens with the same connections, writes them back as version 2, and the next resize works", async () => {
    const before = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
    expect(before.version, "the fixture is a version 1 file").to.equal(1);
    em = await startEmulator({ port: 0, dataDir: dir, provisioningDelayMs: 50 });
    const c = customerClients(em);

    const available = await getCloudConnection(c, AVAILABLE);
    expect([available.state, available.bandwidth]).to.deep.equal(["available", "10Gbps"]);
    const waiting = await getCloudConnection(c, WAITING);
    expect([waiting.state, waiting.bandwidth]).to.deep.equal(["requested", "5Gbps"]);
    const partner = await c.partner.get(`/v1/connections/${PARTNER}`);
    expect([partner.data.state, partner.data.verificationState]).to.deep.equal(["available", "VERIFIED"]);
    expect(partner.data.links.map((l: { macsecActive: boolean }) => l.macsecActive)).to.deep.equal([
      true,
      true,
      true,
      true,
    ]);

    const after = onDisk();
    expect(after.version).to.equal(2);
    for (const role of ["cloud", "partner"] as const) {
      expect(after[role], role).to.not.have.property("customers");
      expect(after[role].connections, role).to.deep.equal(before[role].customers);
      expect(after[role].specConnections, role).to.deep.equal(before[role].connections);
    }

    await c.cloud.call("UpdateConnection", { identifier: AVAILABLE, bandwidth: "25Gbps" });
    const resized = await waitForCloudState(c, AVAILABLE, "available");
    expect(resized.bandwidth).to.equal("25Gbps");
  });

  it("refuses a state file of a version it does not know, naming the versions it reads", async () => {
    const future = { ...JSON.parse(fs.readFileSync(FIXTURE, "utf8")), version: 3 };
    fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(future));
    const error = await startEmulator({ port: 0, dataDir: dir }).then(
      (running) => {
        em = running;
        return undefined;
      },
      (err: Error) => err,
    );
    expect(error?.message).to.match(/from another version \(expected version 2 or an earlier one/);
  });
});
