import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { promisify } from "node:util";
import { load } from "../../provider/registry";
import { providerSource, RESOURCE_TYPES } from "../../provider/stub";

const MAX_STUB_BYTES = 1024; // the P1 target: serialized provider bytes per resource in state
const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];
/** Stubs the release before the registry stored (dfcb2b1): package.json keeps `exports` entries for exactly these. */
const LEGACY_FOLDERS = ["activation-key", "interconnect", "redundant-link-group"];

/** Evaluates a stub the way the dynamic provider host does: a CommonJS module resolving from the program's dir. */
function loadStub(source: string): { handler(): Record<string, unknown> } {
  const module = { exports: {} as { handler(): Record<string, unknown> } };
  const requireFromProgram = createRequire(path.resolve(__dirname, "../../examples/demo/index.ts"));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluates the stored stub as the provider host does
  new Function("exports", "require", "module", source)(module.exports, requireFromProgram, module);
  return module.exports;
}

describe("thin provider stub", () => {
  for (const type of RESOURCE_TYPES) {
    it(`${type}: at most 1 KB, names only the registry and the type, and loads the provider by package name`, () => {
      const source = providerSource(type);
      expect(Buffer.byteLength(source)).to.be.at.most(MAX_STUB_BYTES);
      expect(source).to.equal(`exports.handler = () => require("pulumi-interconnect/provider").load("${type}");\n`);
      expect(source).not.to.match(/dist|impl/); // no file path: folders may move without touching state
      const provider = loadStub(source).handler();
      for (const method of METHODS) expect(provider[method], method).to.be.a("function");
    });
  }

  for (const folder of LEGACY_FOLDERS) {
    it(`legacy stub of ${folder} (state written by the previous release) still loads through package exports`, () => {
      const legacy = `exports.handler = () => require("pulumi-interconnect/dist/provider/${folder}/impl").provider;\n`;
      const provider = loadStub(legacy).handler();
      for (const method of METHODS) expect(provider[method], method).to.be.a("function");
    });
  }

  it("an unknown type names the known ones and says to upgrade", () => {
    expect(() => load("Tunnel")).to.throw(/no resource type "Tunnel".*Interconnect.*upgrade pulumi-interconnect/);
  });

  it("package.json exports: no ./dist wildcard, the registry, and exactly the legacy impl paths", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    const keys = Object.keys(pkg.exports);
    expect(keys).not.to.include("./dist/*");
    expect(keys).to.include("./provider");
    const legacy = keys.filter((k) => k.startsWith("./dist/"));
    expect(legacy.sort()).to.deep.equal(LEGACY_FOLDERS.map((f) => `./dist/provider/${f}/impl`).sort());
  });

  it("a preview's check and diff load no API client: no axios, no AWS signing or credential libraries", async () => {
    // A fresh process, as the provider host is: what check and diff pull in is what every preview pays to load.
    const script = `
      const provider = require("pulumi-interconnect/provider").load("ActivationKey");
      (async () => {
        const news = { environmentId: "us-east-1:nyc", bandwidthGbps: 1, remoteAccount: "partner-acct-1",
          attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
          resourceUrn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/interconnect:ActivationKey::k" };
        const checked = await provider.check({}, news);
        const diffed = await provider.diff("c-1", { ...checked.inputs, activationKey: "k" }, checked.inputs);
        const clients = Object.keys(require.cache).filter((file) =>
          /node_modules\\/(axios|@smithy\\/signature-v4|@aws-sdk\\/credential-providers)\\//.test(file));
        console.log(JSON.stringify({ failures: checked.failures, changes: diffed.changes, clients }));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
      cwd: path.resolve(__dirname, "../.."),
    });
    expect(JSON.parse(stdout)).to.deep.equal({ failures: [], changes: false, clients: [] });
  });
});
