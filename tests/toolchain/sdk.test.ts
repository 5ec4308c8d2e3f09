// `npm run sdk` (toolchain/sdk.js + toolchain/sdkgen) on a hand-made schema of the provider's shape
// (fixtures/pulumi-package.json): the Python SDK installs with pip and imports in the project's Python venv, and the
// Go SDK is a module that builds from its go.sum alone.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSdks, GO_SDK } = require("../../toolchain/sdk.js") as {
  generateSdks: (opts: { schema?: string; out?: string }) => { python: string; go: string; seconds: number };
  GO_SDK: string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePythonVenv } = require("../../toolchain/python-venv.js") as {
  ensurePythonVenv: () => { dir: string; python: string; env: NodeJS.ProcessEnv };
};

const FIXTURE = path.join(__dirname, "fixtures", "pulumi-package.json");

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const res = spawnSync(cmd, args, { ...opts, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

describe("SDK generation (npm run sdk)", function () {
  // Cold: sdkgen builds in ~20 s, the venv installs pulumi from PyPI in ~80 s, the Go SDK compiles in minutes.
  this.timeout(15 * 60_000);
  let work: string;
  let sdk: { python: string; go: string; seconds: number };

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-sdk-"));
    sdk = generateSdks({ schema: FIXTURE, out: path.join(work, "sdk") });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("says which file is missing when there is no schema", () => {
    expect(() => generateSdks({ schema: path.join(work, "absent.json"), out: path.join(work, "none") })).to.throw(
      /absent\.json does not exist/,
    );
  });

  it("refuses a schema that does not bind (a reference to an undefined type)", () => {
    const spec = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as {
      resources: Record<string, { inputProperties: Record<string, unknown> }>;
    };
    spec.resources["interconnect:index:ActivationKey"].inputProperties.site = {
      $ref: "#/types/interconnect:index:Nope",
    };
    const bad = path.join(work, "bad.json");
    fs.writeFileSync(bad, JSON.stringify(spec));
    expect(() => generateSdks({ schema: bad, out: path.join(work, "bad-sdk") })).to.throw(/sdkgen .*failed \(exit 1\)/);
    expect(fs.existsSync(path.join(work, "bad-sdk"))).to.equal(false);
  });

  it("writes a pip-installable Python package that imports with the schema's version", () => {
    const setup = fs.readFileSync(path.join(sdk.python, "setup.py"), "utf8");
    expect(setup).to.match(/VERSION = "0\.1\.0"/);
    expect(setup).to.contain("name='pulumi_interconnect'");
    // The key is an output the engine must store encrypted.
    const resource = fs.readFileSync(path.join(sdk.python, "pulumi_interconnect", "activation_key.py"), "utf8");
    expect(resource).to.match(/additional_secret_outputs=\["activationKey"\]/);

    const venv = ensurePythonVenv();
    // Installed into a throwaway target, so the shared venv keeps only pulumi (the examples install the real SDK).
    const target = path.join(work, "site");
    run(venv.python, ["-m", "pip", "install", "--quiet", "--no-deps", "--target", target, sdk.python], {
      env: venv.env,
    });
    const probe = [
      "import pulumi_interconnect as p",
      "from pulumi_interconnect import config",
      "print(p._utilities.get_version(), p.ActivationKey.__name__, p.Provider.__name__, config.cloud_endpoint)",
    ].join("; ");
    const out = run(venv.python, ["-c", probe], { env: { ...venv.env, PYTHONPATH: target } });
    expect(out.trim()).to.equal("0.1.0 ActivationKey Provider None");
  });

  it("writes a Go module that builds against the pinned Pulumi Go SDK", () => {
    const goMod = fs.readFileSync(path.join(sdk.go, "go.mod"), "utf8");
    expect(goMod).to.match(/^module github\.com\/pulumi-interconnect\/sdk\/go$/m);
    expect(goMod).to.match(new RegExp(`github\\.com/pulumi/pulumi/sdk/v3 ${GO_SDK.replace(/\./g, "\\.")}$`, "m"));
    const plugin = JSON.parse(fs.readFileSync(path.join(sdk.go, "interconnect", "pulumi-plugin.json"), "utf8")) as {
      name: string;
      version: string;
    };
    expect(plugin).to.include({ name: "interconnect", version: "0.1.0" });
    // -mod=readonly: the go.sum `npm run sdk` wrote must be complete.
    const env = { ...process.env, GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" };
    run("go", ["build", "./..."], { cwd: sdk.go, env });
    run("go", ["vet", "./..."], { cwd: sdk.go, env });
  });
});
