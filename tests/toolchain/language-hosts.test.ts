// `node toolchain/pulumi-cli.js --languages`: the YAML, Python and Go language hosts stand beside the CLI, and each
// runs a small program on the real engine (file backend, offline settings) with the SDK release package.json pins for
// it: `pulumi up`, the outputs, and the secret output encrypted in the stack's state.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureLanguageHosts, parseGoMod, DEV_PASSPHRASE } = require("../../toolchain/pulumi-cli.js") as {
  ensureLanguageHosts: () => { pulumi: string; binDir: string; env: NodeJS.ProcessEnv; hosts: Record<string, string> };
  parseGoMod: (text: string) => { requires: Record<string, string>; replaces: string[] };
  DEV_PASSPHRASE: string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePythonVenv } = require("../../toolchain/python-venv.js") as {
  ensurePythonVenv: () => { dir: string; python: string; env: NodeJS.ProcessEnv };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { config } = require("../../package.json") as { config: Record<string, string> };

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const res = spawnSync(cmd, args, { ...opts, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  return `${res.stdout}${res.stderr}`;
}

describe("language hosts (pulumi-cli.js --languages)", function () {
  // Cold: the YAML host builds in about 4 minutes, the Python venv in about 80 s, a Go program's first build in
  // minutes (the Pulumi Go SDK compiles); warm, each program runs in seconds.
  this.timeout(20 * 60_000);
  let cli: ReturnType<typeof ensureLanguageHosts>;
  let work: string;
  const secret = `s3cret-${crypto.randomBytes(6).toString("hex")}`;

  before(() => {
    cli = ensureLanguageHosts();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-langs-"));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("reads the requires and the non-local replaces the YAML host is built with from a go.mod", () => {
    const goMod = [
      "module github.com/pulumi/pulumi-yaml",
      "",
      "require github.com/blang/semver v3.5.1+incompatible",
      "require (",
      "\tgithub.com/pulumi/pulumi/pkg/v3 v3.206.0",
      "\tgithub.com/pulumi/pulumi/sdk/v3 v3.206.0 // indirect",
      ")",
      "replace github.com/pulumi/pulumi/sdk/v3 => ../sdk",
      "replace (",
      "\tgithub.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e",
      "\texample.com/local => /src/local",
      ")",
      "",
    ].join("\n");
    expect(parseGoMod(goMod)).to.deep.equal({
      requires: {
        "github.com/blang/semver": "v3.5.1+incompatible",
        "github.com/pulumi/pulumi/pkg/v3": "v3.206.0",
        "github.com/pulumi/pulumi/sdk/v3": "v3.206.0",
      },
      replaces: ["github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"],
    });
  });

  it("puts pulumi-language-yaml, -python (with its exec script) and -go beside the CLI", () => {
    for (const name of [
      "pulumi-language-yaml",
      "pulumi-language-python",
      "pulumi-language-python-exec",
      "pulumi-language-go",
    ]) {
      const file = path.join(cli.binDir, name);
      expect(fs.statSync(file).mode & 0o111, `${file} is executable`).to.not.equal(0);
    }
    expect(path.dirname(cli.hosts["pulumi-language-go"])).to.equal(path.dirname(cli.pulumi));
  });

  /** Runs `pulumi up` of the program in dir on its own stack; returns the engine output, outputs and state. */
  function up(dir: string, env: NodeJS.ProcessEnv) {
    const state = path.join(dir, ".state");
    fs.mkdirSync(state);
    const opts = {
      cwd: dir,
      env: { ...env, PULUMI_BACKEND_URL: `file://${state}`, PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE },
    };
    run(cli.pulumi, ["stack", "init", "test", "--non-interactive"], opts);
    const output = run(cli.pulumi, ["up", "--yes", "--non-interactive", "--skip-preview"], opts);
    const outputs = JSON.parse(run(cli.pulumi, ["stack", "output", "--json", "--show-secrets"], opts)) as unknown;
    const exported = run(cli.pulumi, ["stack", "export"], opts);
    return { output, outputs, exported };
  }

  function expectProgramRan(result: ReturnType<typeof up>, host: string) {
    expect(result.outputs).to.deep.equal({ plain: "world", greeting: secret });
    expect(result.exported, "the secret output is stored encrypted").to.not.contain(secret);
    // A host found beside the CLI draws no "using pulumi-language-… from $PATH" warning.
    expect(result.output).to.not.contain(`using ${host} from $PATH`);
  }

  function program(name: string, files: Record<string, string>): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    return dir;
  }

  it("YAML: a program runs on pulumi-language-yaml", () => {
    const dir = program("yaml", {
      "Pulumi.yaml": [
        "name: langs-yaml",
        "runtime: yaml",
        "outputs:",
        "  plain: world",
        "  greeting:",
        `    fn::secret: ${secret}`,
        "",
      ].join("\n"),
    });
    expectProgramRan(up(dir, cli.env), "pulumi-language-yaml");
  });

  it(`Python: a program runs on pulumi-language-python with pulumi==${config.pulumiPythonSdk} from PyPI`, () => {
    const venv = ensurePythonVenv();
    const dir = program("python", {
      // The venv is named for readers; this host ignores it and runs PULUMI_PYTHON_CMD.
      "Pulumi.yaml": `name: langs-python\nruntime:\n  name: python\n  options:\n    virtualenv: ${venv.dir}\n`,
      "__main__.py": [
        "import pulumi",
        'pulumi.export("plain", "world")',
        `pulumi.export("greeting", pulumi.Output.secret("${secret}"))`,
        "",
      ].join("\n"),
    });
    expectProgramRan(up(dir, { ...cli.env, PULUMI_PYTHON_CMD: venv.python }), "pulumi-language-python");
  });

  it(`Go: a program runs on pulumi-language-go with github.com/pulumi/pulumi/sdk/v3 v${config.pulumiGoSdk}`, () => {
    const dir = program("go", {
      "Pulumi.yaml": "name: langs-go\nruntime: go\n",
      "go.mod": `module langs\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v${config.pulumiGoSdk}\n`,
      "main.go": [
        "package main",
        "",
        'import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
        "",
        "func main() {",
        "\tpulumi.Run(func(ctx *pulumi.Context) error {",
        '\t\tctx.Export("plain", pulumi.String("world"))',
        `\t\tctx.Export("greeting", pulumi.ToSecret(pulumi.String("${secret}")))`,
        "\t\treturn nil",
        "\t})",
        "}",
        "",
      ].join("\n"),
    });
    const goEnv = { ...cli.env, GOTOOLCHAIN: "local" };
    run("go", ["mod", "tidy"], { cwd: dir, env: { ...goEnv, GOFLAGS: "-mod=mod" } });
    expectProgramRan(up(dir, goEnv), "pulumi-language-go");
  });
});
