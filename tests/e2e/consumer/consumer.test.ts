// The package as a Pulumi user installs it: `npm pack`, then a project outside the repository laid out as
// `pulumi new typescript` lays it out (Pulumi.yaml, package.json, the template's tsconfig, index.ts = the README's
// "Use it in your own project" program) installs the tarball, type-checks under the template's strict settings
// (no skipLibCheck, no esModuleInterop), starts the tarball's own `interconnect-emulator`, and runs the README's
// config commands, `pulumi preview`, `up` and `destroy` on the real engine.
import { ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { DEV_AWS_ACCESS_KEY_ID, DEV_AWS_SECRET_ACCESS_KEY } from "../../../emulator/defaults";
import { cloudApiOf } from "../../support/cloud";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePulumi, DEV_PASSPHRASE } = require("../../../toolchain/pulumi-cli.js") as {
  ensurePulumi: () => { pulumi: string; env: NodeJS.ProcessEnv };
  DEV_PASSPHRASE: string;
};

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

/**
 * The SDK the project installs: the repository's pinned one (in npm's cache), or another from the peer range, e.g.
 * CONSUMER_PULUMI_SDK=3.150.0 (the range's floor; needs the npm registry) to check that the floor still works.
 */
const SDK_VERSION: string = process.env.CONSUMER_PULUMI_SDK || repoPackage.devDependencies["@pulumi/pulumi"];

/** The tsconfig `pulumi new typescript` writes. */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** The program of the README's "Use it in your own project": its first ts block. */
function readmeProgram(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Use it in your own project"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README: no ts block in 'Use it in your own project'");
  return block[1];
}

/** A user's shell: nothing of this repository's npm run or of the e2e settings. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|INTERCONNECT_|PULUMI_BACKEND_URL|PULUMI_CONFIG_PASSPHRASE|TS_NODE_|AWS_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function sh(cmd: string, args: string[], cwd: string, env = userEnv(), input?: string): string {
  const res = spawnSync(cmd, args, { cwd, env, input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = `${res.stdout ?? ""}${res.stderr ?? ""}`;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${res.status}:\n${output.slice(-4000)}`);
  return output;
}

/** Starts the tarball's emulator bin on a free port and resolves with its printed settings. */
interface StartedEmulator {
  child: ChildProcess;
  settings: Record<string, string>;
}

function startEmulatorBin(project: string, dataDir: string): Promise<StartedEmulator> {
  const bin = path.join(project, "node_modules", ".bin", "interconnect-emulator");
  const child = spawn(bin, ["--port", "0", "--data", dataDir], { cwd: project, env: userEnv(), stdio: "pipe" });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${out}`)), 30_000);
    child.stdout.on("data", (d) => {
      out += d;
      if (!out.includes("partner token:")) return;
      clearTimeout(timer);
      const settings = Object.fromEntries([...out.matchAll(/^([a-z ]+): (.+)$/gm)].map((m) => [m[1], m[2].trim()]));
      resolve({ child, settings });
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}:\n${out}`)));
  });
}

describe("consumer: the packed package in a new Pulumi TypeScript project", function () {
  this.timeout(6 * 60_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-consumer-"));
  const project = path.join(work, "my-network");
  const unpacked = path.join(work, "unpacked");
  let tarball = "";
  let emulator: ChildProcess | undefined;

  before(function () {
    // `npm pack` runs prepack (the build), so the tarball holds what `npm publish` would.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: userEnv(),
        stdio: ["ignore", "pipe", "pipe"], // the build's output is not the test's
      }),
    );
    tarball = path.join(work, packed[0].filename);
    fs.mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
  });

  after(() => {
    if (emulator?.exitCode === null) emulator.kill("SIGTERM");
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("the tarball ships the library, its LICENSE and README, and nothing of tests, examples, bench or scripts", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(files).to.include.members(["package/LICENSE", "package/README.md", "package/dist/provider/index.d.ts"]);
    expect(files).to.include.members(["package/dist/provider/registry.js", "package/dist/emulator/cli.js"]);
    expect(files.filter((f) => /^package\/(dist\/)?(tests|examples|bench|scripts|policy)\//.test(f))).to.deep.equal([]);
    expect(fs.readFileSync(path.join(unpacked, "package/LICENSE"), "utf8")).to.match(/Apache License\s+Version 2\.0/);
    // Every source map carries its sources inline: no map points at a .ts file the tarball does not have.
    const maps = files.filter((f) => f.endsWith(".map"));
    expect(maps).not.to.be.empty;
    for (const map of maps) {
      const json = JSON.parse(fs.readFileSync(path.join(unpacked, map), "utf8"));
      expect(json.sourcesContent?.length, map).to.equal(json.sources.length);
      expect(
        json.sourcesContent.every((c: unknown) => typeof c === "string" && c.length > 0),
        map,
      ).to.equal(true);
    }
    const cliJs = fs.readFileSync(path.join(unpacked, "package/dist/emulator/cli.js"), "utf8");
    expect(cliJs).to.match(/^#!\/usr\/bin\/env node\n/);
  });

  it("installs into a `pulumi new typescript` project and the README's program type-checks under its tsconfig", () => {
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, "Pulumi.yaml"),
      "name: my-network\ndescription: pulumi-interconnect consumer\n" +
        "runtime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
    );
    const manifest = {
      name: "my-network",
      main: "index.ts",
      devDependencies: {
        "@types/node": repoPackage.devDependencies["@types/node"],
        typescript: repoPackage.devDependencies.typescript,
      },
      dependencies: { "@pulumi/pulumi": SDK_VERSION, "pulumi-interconnect": `file:${tarball}` },
    };
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
    fs.writeFileSync(path.join(project, "index.ts"), readmeProgram());
    // Everything is in npm's cache after this repository's own install: no network needed.
    sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], project);
    const tsc = spawnSync(process.execPath, [path.join(project, "node_modules/typescript/bin/tsc"), "--noEmit"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(`${tsc.stdout}${tsc.stderr}`, "tsc --noEmit").to.equal("");
    expect(tsc.status).to.equal(0);
    const help = sh(path.join(project, "node_modules/.bin/interconnect-emulator"), ["--help"], project);
    for (const flag of ["--port", "--host", "--data", "--seed", "--provisioning-delay-ms", "--region"]) {
      expect(help, "interconnect-emulator --help").to.contain(flag);
    }
  });

  it("the README's config, preview, up and destroy work against the tarball's interconnect-emulator", async () => {
    const started = await startEmulatorBin(project, path.join(project, ".emulator"));
    emulator = started.child;
    const { settings } = started;
    const cli = ensurePulumi();
    const backend = path.join(work, "state");
    fs.mkdirSync(backend);
    const env = userEnv({
      ...cli.env,
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE,
      AWS_ACCESS_KEY_ID: settings["aws access key id"],
      AWS_SECRET_ACCESS_KEY: settings["aws secret access key"],
    });
    expect(settings["aws access key id"]).to.equal(DEV_AWS_ACCESS_KEY_ID);
    expect(settings["aws secret access key"]).to.equal(DEV_AWS_SECRET_ACCESS_KEY);
    const pulumi = (args: string[], input?: string) =>
      sh(cli.pulumi, [...args, "--non-interactive"], project, env, input);
    pulumi(["stack", "init", "dev"]);
    pulumi(["config", "set", "interconnect:cloudEndpoint", settings.cloud]);
    pulumi(["config", "set", "interconnect:partnerEndpoint", settings.partner]);
    pulumi(["config", "set", "interconnect:region", settings.region]);
    pulumi(["config", "set", "interconnect:accountId", "111122223333"]);
    pulumi(["config", "set", "--secret", "interconnect:partnerToken"], settings["partner token"]);
    expect(pulumi(["preview"])).to.match(/\+ 6 to create/);
    const up = pulumi(["up", "--yes", "--skip-preview"]);
    expect(up).to.match(/\+ 6 created/);
    const outputs = JSON.parse(pulumi(["stack", "output", "--json"]));
    expect(outputs.connectionIds).to.have.length(2);
    expect(outputs.compliant).to.equal(true);

    // The edit the README invites: both keys 10 => 25. The preview plans as many steps as `up` performs.
    const program = fs.readFileSync(path.join(project, "index.ts"), "utf8");
    const resized = program.replace(/bandwidthGbps: 10, \/\/ resize here/, "bandwidthGbps: 25, // resize here");
    expect(resized, "the README program has the commented bandwidth line").not.to.equal(program);
    fs.writeFileSync(path.join(project, "index.ts"), resized);
    const preview = pulumi(["preview", "--diff"]);
    expect(preview).to.match(/~ 2 to update/);
    expect(preview.match(/bandwidthGbps\s*:\s*10\s*=>\s*25/g)).to.have.length(2);
    expect(pulumi(["up", "--yes", "--skip-preview"])).to.match(/~ 2 updated/);
    const aws = cloudApiOf({
      cloudUrl: settings.cloud,
      region: settings.region,
      credentials: { accessKeyId: DEV_AWS_ACCESS_KEY_ID, secretAccessKey: DEV_AWS_SECRET_ACCESS_KEY },
    });
    const atAws = (await aws.liveConnections()).map((c) => [c.bandwidth, c.state]);
    expect(atAws).to.deep.equal([
      ["25Gbps", "available"],
      ["25Gbps", "available"],
    ]);
    const partnerRes = await fetch(`${settings.partner}/v1/connections`, {
      headers: { authorization: `Bearer ${settings["partner token"]}` },
    });
    const partner = ((await partnerRes.json()) as { connections: { bandwidthGbps: number }[] }).connections;
    expect(partner.map((c) => c.bandwidthGbps)).to.deep.equal([25, 25]);
    expect(pulumi(["destroy", "--yes", "--skip-preview"])).to.match(/- 6 deleted/);
  });
});
