// The provider plugin `interconnect` on the real engine against the emulator: a Node.js program on dist/plugin (create,
// secrets, resize, import, destroy), then the packed plugin as users install it (`npm run plugin:pack`, `pulumi plugin
// install --file`, examples/yaml with no plugin path).
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import {
  DEV_AWS_ACCESS_KEY_ID,
  DEV_AWS_SECRET_ACCESS_KEY,
  DEV_DX_GATEWAYS,
  PARTNER_CUSTOMER_TOKEN,
} from "../../emulator/identities";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { activateConnection, createCloudConnection, customerClients, getCloudConnection } from "../support/clients";
import { createTestStack, readAllFiles, REPO_ROOT, type TestStack } from "../support/engine";
import { EMULATOR_TOKENS } from "../support/emulator";
import {
  activationKeyHits,
  expectNothingLive,
  languageStack,
  liveActivationKeys,
  previewSteps,
  QUICKSTART,
  type LanguageStack,
} from "../support/languages";
import { filesUnder, runCli, scanForSecrets } from "../support/reliability";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePulumi } = require("../../toolchain/pulumi-cli.js") as {
  ensurePulumi: () => { pulumi: string; env: NodeJS.ProcessEnv };
};

const KEY_TYPE = "interconnect:index:ActivationKey";

/** `pulumi stack export` as a user runs it (the Automation API's exportStack shows secrets). */
function stackExport(stack: TestStack): string {
  const workspace = stack.stack.workspace as LocalWorkspace;
  return execFileSync(workspace.pulumiCommand.command, ["stack", "export", "--stack", stack.stack.name], {
    cwd: workspace.workDir,
    env: { ...process.env, ...workspace.envVars },
  }).toString();
}

describe("e2e: the provider plugin interconnect on the real engine", function () {
  this.timeout(6 * 60_000);
  let emulator: RunningEmulator;
  let stack: TestStack;
  let connectionId = "";
  let importedId = "";

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
    stack = await createTestStack("tests/e2e/programs/plugin", {
      stackName: `e2e-plugin-${process.pid}`,
      // The AWS credential chain from the environment; endpoints, region and token only from stack config.
      env: {
        AWS_ACCESS_KEY_ID: DEV_AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: DEV_AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN: "",
        AWS_REGION: "",
        INTERCONNECT_CLOUD_ENDPOINT: "",
        INTERCONNECT_PARTNER_ENDPOINT: "",
        INTERCONNECT_PARTNER_TOKEN: "",
      },
    });
    await stack.setConfig("interconnect:cloudEndpoint", emulator.cloudUrl);
    await stack.setConfig("interconnect:partnerEndpoint", emulator.partnerUrl);
    await stack.setConfig("interconnect:partnerToken", PARTNER_CUSTOMER_TOKEN, true);
    await stack.setConfig("interconnect:region", emulator.region);
    await stack.setConfig("attachPoint", DEV_DX_GATEWAYS[0].id);
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  it("creates an ActivationKey through the plugin, configured from stack config", async () => {
    const res = await stack.up();
    expect(res.changes.map((s) => [s.op, s.type])).to.deep.equal([["create", KEY_TYPE]]);
    connectionId = String(res.outputs.connectionId);
    expect(connectionId).to.match(/^lmcc-/);
    expect(res.outputs.state).to.equal("requested");
  });

  it("keeps the activation key secret: 0 plaintext hits in `pulumi stack export` and the state files", async () => {
    const key = (await getCloudConnection(customerClients(emulator), connectionId)).activationKey;
    expect((await stack.stack.outputs()).activation).to.deep.equal({ value: key, secret: true });
    const hits = (text: string, secret: string) => text.split(secret).length - 1;
    // The decrypted export holds the key (so the scan below looks where it is), the plain one must not.
    expect(hits(JSON.stringify(await stack.stack.exportStack()), key), "the key in the decrypted state").to.be.above(0);
    const exported = stackExport(stack);
    expect(exported).to.include(connectionId);
    const files = readAllFiles(stack.backendDir);
    for (const secret of [key, PARTNER_CUSTOMER_TOKEN]) {
      expect(hits(exported, secret), "plaintext hits in `pulumi stack export`").to.equal(0);
      expect(hits(files, secret), "plaintext hits in the state files").to.equal(0);
    }
  });

  it("previews no change when nothing changed", async () => {
    expect((await stack.preview()).changes).to.deep.equal([]);
  });

  it("previews and applies bandwidth 10 → 25 as one in-place update", async () => {
    await stack.setConfig("bandwidthGbps", "25");
    const preview = await stack.preview();
    expect(preview.changes.map((s) => [s.op, s.diffs])).to.deep.equal([["update", ["bandwidthGbps"]]]);
    const res = await stack.up();
    expect(res.changes.map((s) => s.op)).to.deep.equal(["update"]);
    expect((await getCloudConnection(customerClients(emulator), connectionId)).bandwidth).to.equal("25Gbps");
  });

  it("imports a connection made outside the stack by its lmcc- id; the program declaring it previews clean", async () => {
    const outside = await createCloudConnection(customerClients(emulator), "us-east-1:nyc", 10, null, {
      description: "made outside the stack",
    });
    importedId = outside.id;
    const imported = await stack.stack.import({
      resources: [{ type: KEY_TYPE, name: "imported", id: importedId }],
      // The Node.js language host built from Go modules has no GenerateProgram; the program declares it below.
      generateCode: false,
      protect: false,
    });
    expect(imported.stdout).to.match(/1 imported/);
    await stack.setConfig("imported", "true");
    const preview = await stack.preview();
    expect(preview.changes, preview.stdout).to.deep.equal([]);
  });

  it("imports an Interconnect made outside the stack by its partner connection id: key secret, clean preview", async () => {
    const outside = await activateConnection(customerClients(emulator), {
      environment: "us-east-1:nyc",
      bandwidthGbps: 10,
      site: "nyc-hq",
    });
    const imported = await stack.stack.import({
      resources: [{ type: "interconnect:index:Interconnect", name: "imported-ic", id: outside.partner.id }],
      generateCode: false,
      protect: false,
    });
    expect(imported.stdout).to.match(/1 imported/);
    expect(stackExport(stack).split(outside.cloud.activationKey).length - 1, "plaintext hits of its key").to.equal(0);
    await stack.setConfig("interconnectKey", outside.cloud.activationKey, true);
    const preview = await stack.preview();
    expect(preview.changes, preview.stdout).to.deep.equal([]);
  });

  it("destroys what it manages, leaving none of its connections at the emulator", async () => {
    const res = await stack.destroy();
    expect(res.changes.map((s) => s.op)).to.deep.equal(["delete", "delete", "delete"]);
    for (const id of [connectionId, importedId]) {
      const state = await getCloudConnection(customerClients(emulator), id).then(
        (c) => c.state,
        () => "gone",
      );
      expect(["deleted", "gone"], `${id}`).to.include(state);
    }
  });
});

/** `npm run plugin:pack`: the tarball it writes for this package version. */
function packPlugin(version: string): string {
  execFileSync("npm", ["run", "plugin:pack", "--silent"], { cwd: REPO_ROOT, stdio: "pipe" });
  const name = fs
    .readdirSync(path.join(REPO_ROOT, "dist"))
    .find((f) => f.startsWith(`pulumi-resource-interconnect-v${version}-`) && f.endsWith(".tar.gz"));
  expect(name, "the tarball plugin:pack writes").to.be.a("string");
  return path.join(REPO_ROOT, "dist", name!);
}

describe("e2e: the packed plugin, installed as users get it", function () {
  this.timeout(10 * 60_000);
  let home = "";
  let ls: LanguageStack | undefined;

  after(async () => {
    await ls?.dispose();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it("plugin:pack, `pulumi plugin install --file` into a fresh PULUMI_HOME; examples/yaml with no plugin path: preview, up, destroy, no plaintext secret in state", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const tarball = packPlugin(version);
    // The CLI found as always (its own PULUMI_HOME); the scratch home holds only what this test installs.
    const cli = ensurePulumi();
    home = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-pulumi-home-"));
    const install = ["plugin", "install", "resource", "interconnect", version, "--file", tarball];
    execFileSync(cli.pulumi, install, { env: { ...process.env, ...cli.env, PULUMI_HOME: home }, stdio: "pipe" });
    const installed = path.join(home, "plugins", `resource-interconnect-v${version}`, "pulumi-resource-interconnect");
    expect(fs.existsSync(installed), installed).to.equal(true);

    ls = await languageStack("yaml", { plugin: "installed", env: { PULUMI_HOME: home } });
    const steps = await previewSteps(ls.stack);
    expect(steps.map((s) => [s.type, s.name, s.op])).to.deep.equal(QUICKSTART.map((r) => [...r, "create"]));
    const up = await runCli(ls.stack, ["up", "--yes", "--skip-preview"]);
    expect(up.stdout).to.match(/\+ 6 created/);
    expect(await activationKeyHits(ls)).to.deep.equal({ keys: 2, decrypted: 2, hits: 0 });
    const secrets = [...(await liveActivationKeys(ls.emulator)), ...EMULATOR_TOKENS];
    const stateFiles = Object.fromEntries(filesUnder(ls.stack.backendDir!));
    expect(scanForSecrets(stateFiles, secrets), "plaintext secrets in the state files").to.deep.equal([]);
    const destroy = await runCli(ls.stack, ["destroy", "--yes", "--skip-preview"]);
    expect(destroy.stdout).to.match(/- 6 deleted/);
    await expectNothingLive(ls.emulator);
  });
});
