// The package as a Pulumi user installs it: `npm pack`, then a project outside the repository laid out as
// `pulumi new typescript` lays it out (Pulumi.yaml, package.json, the template's tsconfig, index.ts = the README's
// "Use it in your own project" program) installs the tarball, type-checks under the template's strict settings
// (no skipLibCheck, no esModuleInterop), starts the tarball's own `interconnect-emulator`, and runs the README's
// config commands, `pulumi preview`, `up`, a bandwidth change and `destroy` on the real engine. Twice: on the
// machine's Node 20 with the repository's pinned SDK and TypeScript under the old template's tsconfig, and as a user
// starts today: Node 24 LTS (the registry's binary package, toolchain/node-runtime.js), the newest @pulumi/pulumi and
// TypeScript 6 under today's template tsconfig (module and moduleResolution nodenext).
import { ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { DEV_AWS_ACCESS_KEY_ID, DEV_AWS_SECRET_ACCESS_KEY } from "../../../emulator/identities";
import { cloudApiOf } from "../../support/cloud";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePulumi, DEV_PASSPHRASE } = require("../../../toolchain/pulumi-cli.js") as {
  ensurePulumi: () => { pulumi: string; env: NodeJS.ProcessEnv };
  DEV_PASSPHRASE: string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureNode } = require("../../../toolchain/node-runtime.js") as {
  ensureNode: (major: number) => { version: string; binDir: string; node: string };
};

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

/**
 * The SDK the project installs: the repository's pinned one (in npm's cache), or another from the peer range, e.g.
 * CONSUMER_PULUMI_SDK=<version> (needs the npm registry).
 */
const SDK_VERSION: string = process.env.CONSUMER_PULUMI_SDK || repoPackage.devDependencies["@pulumi/pulumi"];

/** The tsconfig `pulumi new typescript` wrote until TypeScript 6 refused `moduleResolution: node` (TS5107). */
const OLD_TEMPLATE_TSCONFIG = {
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

/** The tsconfig `pulumi new typescript` writes today. */
const TEMPLATE_TSCONFIG = {
  ...OLD_TEMPLATE_TSCONFIG,
  compilerOptions: { ...OLD_TEMPLATE_TSCONFIG.compilerOptions, module: "nodenext", moduleResolution: "nodenext" },
};

/** What a user's project runs on: Node.js, the SDK, TypeScript and the template's tsconfig. */
interface Toolchain {
  label: string;
  /** The Node.js release line, when not the machine's own (the registry's binary package, toolchain/node-runtime.js). */
  nodeMajor?: number;
  sdk: string;
  typescript: string;
  typesNode: string;
  tsconfig: object;
}

const TOOLCHAINS: Toolchain[] = [
  {
    label: `the machine's Node ${process.versions.node}, the pinned SDK ${SDK_VERSION}, the old template tsconfig`,
    sdk: SDK_VERSION,
    typescript: repoPackage.devDependencies.typescript,
    typesNode: repoPackage.devDependencies["@types/node"],
    tsconfig: OLD_TEMPLATE_TSCONFIG,
  },
  {
    label: "Node 24 LTS, the newest @pulumi/pulumi, TypeScript 6, today's template tsconfig (nodenext)",
    nodeMajor: 24,
    sdk: "latest",
    typescript: "6",
    typesNode: "24",
    tsconfig: TEMPLATE_TSCONFIG,
  },
];

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

function startEmulatorBin(project: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<StartedEmulator> {
  const bin = path.join(project, "node_modules", ".bin", "interconnect-emulator");
  const child = spawn(bin, ["--port", "0", "--data", dataDir], { cwd: project, env, stdio: "pipe" });
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
  this.timeout(8 * 60_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-consumer-"));
  const unpacked = path.join(work, "unpacked");
  let tarball = "";

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

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("the tarball ships the library, its LICENSE and README, and nothing of tests, examples, bench or scripts", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(files).to.include.members(["package/LICENSE", "package/README.md", "package/dist/provider/index.d.ts"]);
    expect(files).to.include.members(["package/dist/provider/registry.js", "package/dist/emulator/cli.js"]);
    const internal = /^package\/(dist\/)?(tests|examples|bench|scripts|toolchain|policy)\//;
    expect(files.filter((f) => internal.test(f))).to.deep.equal([]);
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

  for (const toolchain of TOOLCHAINS) describeProject(toolchain, () => ({ work, tarball }));
});

/** One user's project on `toolchain`: install, type-check, then the README's walkthrough on the real engine. */
function describeProject(toolchain: Toolchain, packed: () => { work: string; tarball: string }): void {
  describe(toolchain.label, function () {
    let project = "";
    let node = process.execPath;
    let runtimeBin: string | undefined;
    let env: NodeJS.ProcessEnv = userEnv();
    let emulator: ChildProcess | undefined;

    before(function () {
      project = path.join(packed().work, `my-network-${toolchain.nodeMajor ?? "machine"}`);
      if (toolchain.nodeMajor !== undefined) {
        const runtime = ensureNode(toolchain.nodeMajor);
        node = runtime.node;
        runtimeBin = runtime.binDir;
        // npm, the emulator's bin and the engine's language host all run the `node` found first on PATH.
        env = userEnv({ PATH: `${runtime.binDir}${path.delimiter}${process.env.PATH ?? ""}` });
      }
    });

    after(() => {
      if (emulator?.exitCode === null) emulator.kill("SIGTERM");
    });

    it("installs the tarball into a `pulumi new typescript` project; the README's program type-checks", () => {
      fs.mkdirSync(project);
      fs.writeFileSync(
        path.join(project, "Pulumi.yaml"),
        "name: my-network\ndescription: pulumi-interconnect consumer\n" +
          "runtime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
      );
      const manifest = {
        name: "my-network",
        main: "index.ts",
        devDependencies: { "@types/node": toolchain.typesNode, typescript: toolchain.typescript },
        dependencies: { "@pulumi/pulumi": toolchain.sdk, "pulumi-interconnect": `file:${packed().tarball}` },
      };
      fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
      fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(toolchain.tsconfig, null, 2));
      fs.writeFileSync(path.join(project, "index.ts"), readmeProgram());
      // The pinned toolchain is in npm's cache after this repository's own install; today's comes from the registry.
      sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], project, env);
      const versions = sh(node, ["-e", VERSIONS_SCRIPT], project, env);
      console.log(`      ${versions.trim()}`);
      expect(versions).to.contain(`node ${toolchain.nodeMajor ?? process.versions.node.split(".")[0]}.`);
      const tsc = spawnSync(node, [path.join(project, "node_modules/typescript/bin/tsc"), "--noEmit"], {
        cwd: project,
        env,
        encoding: "utf8",
      });
      expect(`${tsc.stdout}${tsc.stderr}`, "tsc --noEmit").to.equal("");
      expect(tsc.status).to.equal(0);
      const help = sh(path.join(project, "node_modules/.bin/interconnect-emulator"), ["--help"], project, env);
      for (const flag of ["--port", "--host", "--data", "--seed", "--provisioning-delay-ms", "--region"]) {
        expect(help, "interconnect-emulator --help").to.contain(flag);
      }
    });

    it("the README's config, preview, up, a bandwidth change and destroy work against the tarball's emulator", async () => {
      const started = await startEmulatorBin(project, path.join(project, ".emulator"), env);
      emulator = started.child;
      await walkthrough(project, packed().work, started.settings, runtimeBin);
    });
  });
}

/** What the project runs on, as one line: node, @pulumi/pulumi and typescript versions. */
const VERSIONS_SCRIPT =
  'console.log(["node " + process.versions.node, "@pulumi/pulumi " + require("@pulumi/pulumi/package.json").version, ' +
  '"typescript " + require("typescript/package.json").version].join(", "))';

/**
 * The README's walkthrough: stack init, config, preview, up, the bandwidth edit, up, destroy. `runtimeBin`: the
 * Node.js to run the program on, when not the machine's.
 */
async function walkthrough(
  project: string,
  work: string,
  settings: Record<string, string>,
  runtimeBin: string | undefined,
): Promise<void> {
  const cli = ensurePulumi();
  const backend = fs.mkdtempSync(path.join(work, "state-"));
  const enginePath = cli.env.PATH ?? "";
  const env = userEnv({
    ...cli.env,
    PATH: runtimeBin ? `${runtimeBin}${path.delimiter}${enginePath}` : enginePath,
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
}
