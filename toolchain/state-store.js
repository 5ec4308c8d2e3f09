#!/usr/bin/env node
// A real S3-compatible object store on loopback for Pulumi's S3 ("DIY") state backend: SeaweedFS (`weed server -s3`),
// so the CLI's gocloud.dev S3 client, its SigV4 signing, locks and retries run as they do against AWS S3.
// - `weed` is built once from the Go module proxy into $PULUMI_HOME/tools/seaweedfs/<version>/weed (~/.pulumi by
//   default). `go install` refuses the module (its go.mod has `replace` lines), so a throwaway module requires it and
//   copies its non-local replaces; its go.mod asks for go 1.26.6, so the machine's Go builds it (GOTOOLCHAIN=local).
// - The data dir holds one store: weed's files (seaweedfs/), weed.log, the S3 identity (s3-config.json: keys made on
//   the first start, then reused) and ports.json. Ports are picked free once, then kept: the master keeps its state in
//   a folder named after its port, and a master that lost it freezes volume growth, so the store could not write.
// - stop() is weed's clean shutdown: quick, or up to ~15 s when its filer still holds metadata-log events (the volume
//   server stops first, so the filer's last flush retries until weed's 15 s budget drops it). Ctrl-C twice kills.
// Usage: `npm run state-store -- --ensure` builds (or finds) weed and prints its path;
// `npm run state-store -- --data <dir> [--port <n>] [--profile <name> [--credentials-file <path>]]` (--port 0: any free
// port, as for the emulator) prints the `pulumi login` URL (with the port chosen) and the keys, then runs until
// SIGINT/SIGTERM. --profile writes the keys to that profile of an AWS shared credentials file and names it in the URL,
// so they stay apart from the AWS_* keys a provider reads. Exports ensureStateStore() (weed's path) and
// startStateStore({ dataDir, port, profile, credentialsFile }) → { backendUrl, accessKeyId, secretAccessKey, endpoint,
// bucket, stop(graceMs), exited }. Plain CommonJS, no dependencies.
"use strict";

const { spawn, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { isExecutable, pulumiHome } = require("./pulumi-cli");

const SEAWEED_MODULE = "github.com/seaweedfs/seaweedfs";
const SEAWEED_VERSION = "v0.0.0-20261109003541-7506e5f91cd6";
const BUCKET = "pulumi-state";
const REGION = "us-east-1";
const IDENTITY = "pulumi-state"; // the store's identity in s3-config.json
/** weed's flags for the ports it listens on; ports.json uses the same names. */
const PORT_FLAGS = ["master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port"];
PORT_FLAGS.push("filer.port.grpc", "s3.port", "s3.port.grpc");
const READY_TIMEOUT_MS = 120_000;
/** Longer than weed's clean shutdown (see above); SIGKILL after that. */
const STOP_GRACE_MS = 25_000;

const log = (message) => process.stderr.write(`[state-store] ${message}\n`);
const weedPath = () => path.join(pulumiHome(), "tools", "seaweedfs", SEAWEED_VERSION, "weed");
const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined);

/** Runs go in `cwd` and returns its stdout; on failure throws with everything go printed. */
function go(args, cwd) {
  const env = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
  const res = spawnSync("go", args, { cwd, env, encoding: "utf8", maxBuffer: 256 << 20 });
  if (res.status === 0) return res.stdout;
  throw new Error(`go ${args.join(" ")} failed (exit ${res.status ?? res.signal}):\n${res.stderr}${res.stdout}`);
}

/** The go directive and the non-local `replace` lines (single or in a block) of a go.mod. */
function parseGoMod(text) {
  const code = text.replace(/\/\/.*$/gm, "");
  const specs = [...code.matchAll(/^replace\s+([^(\s].*)$/gm)].map((m) => m[1]);
  for (const block of code.matchAll(/^replace\s*\(([^)]*)\)/gm)) specs.push(...block[1].split("\n"));
  const replaces = specs.map((spec) => spec.trim()).filter((spec) => /=>\s*[^./\s]/.test(spec)); // not ./ ../ or /
  return { goVersion: /^go\s+(\S+)/m.exec(code)?.[1] ?? "1.25", replaces };
}

function buildWeed(output) {
  const started = Date.now();
  log(`building SeaweedFS ${SEAWEED_VERSION} from Go modules (first run only; later runs use ${output})`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "state-store-build-"));
  const tmp = `${output}.${process.pid}.tmp`; // renamed when complete: a killed build leaves no half binary
  try {
    const info = JSON.parse(go(["mod", "download", "-json", `${SEAWEED_MODULE}@${SEAWEED_VERSION}`], work));
    const { goVersion, replaces } = parseGoMod(fs.readFileSync(info.GoMod, "utf8"));
    const goMod = [`module interconnect.local/state-store-build\n\ngo ${goVersion}\n`];
    goMod.push(`require ${SEAWEED_MODULE} ${SEAWEED_VERSION}`, ...replaces.map((r) => `replace ${r}`), "");
    fs.writeFileSync(path.join(work, "go.mod"), goMod.join("\n"));
    fs.mkdirSync(path.dirname(output), { recursive: true });
    go(["build", "-trimpath", "-ldflags", "-s -w", "-o", tmp, `${SEAWEED_MODULE}/weed`], work);
    fs.renameSync(tmp, output);
  } catch (err) {
    throw new Error(`building SeaweedFS into ${output} failed: ${err.message}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(tmp, { force: true });
  }
  log(`built weed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** The path of the cached `weed`, built from the module proxy on first use. */
function ensureStateStore() {
  const weed = weedPath();
  if (isExecutable(weed)) return weed;
  if (spawnSync("go", ["version"], { stdio: "ignore" }).status !== 0) {
    const how = `install Go >= 1.26 (it builds ${SEAWEED_MODULE}@${SEAWEED_VERSION} from the module proxy)`;
    throw new Error(`SeaweedFS is not cached at ${weed} and no \`go\` is on PATH to build it: ${how}`);
  }
  buildWeed(weed);
  return weed;
}

const listen = (port) =>
  new Promise((resolve, reject) => {
    const server = net
      .createServer()
      .once("error", reject)
      .listen(port, "127.0.0.1", () => resolve(server));
  });

/** ports.json of the data dir (all free now), else free ports (bound together, so distinct); --port sets S3's, 0 any. */
async function choosePorts(dataDir, s3Port) {
  const file = path.join(dataDir, "ports.json");
  const ports = readJson(file) ?? {};
  if (s3Port === 0) delete ports["s3.port"];
  else if (s3Port) ports["s3.port"] = s3Port;
  const held = [];
  try {
    for (const flag of PORT_FLAGS) {
      const server = await listen(ports[flag] ?? 0).catch((err) => {
        const taken = flag === "s3.port" && s3Port ? "in use: pick another --port" : "in use (is this store running?)";
        const why = err.code === "EADDRINUSE" ? taken : err.message;
        throw new Error(`port ${ports[flag]} on 127.0.0.1 (weed -${flag}, ${file}) is ${why}`);
      });
      held.push(server);
      ports[flag] = server.address().port;
    }
  } finally {
    await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  }
  fs.writeFileSync(file, `${JSON.stringify(ports, null, 2)}\n`);
  return ports;
}

/** The store's key pair from s3-config.json (weed's -s3.config), created with new random keys on first use. */
function loadOrCreateKeys(dataDir) {
  const file = path.join(dataDir, "s3-config.json");
  const config = readJson(file);
  if (config) {
    const cred = config.identities?.find((i) => i.name === IDENTITY)?.credentials?.[0];
    if (!cred) throw new Error(`${file} has no "${IDENTITY}" identity with credentials; move it away to regenerate`);
    return { file, accessKeyId: cred.accessKey, secretAccessKey: cred.secretKey };
  }
  const accessKeyId = `AKSS${crypto.randomBytes(8).toString("hex").toUpperCase()}`;
  const secretAccessKey = crypto.randomBytes(30).toString("base64").replace(/[+/]/g, "x");
  const actions = ["Admin", "Read", "Write", "List", "Tagging"];
  const credentials = [{ accessKey: accessKeyId, secretKey: secretAccessKey }];
  const identities = [{ name: IDENTITY, credentials, actions }];
  fs.writeFileSync(file, `${JSON.stringify({ identities }, null, 2)}\n`, { mode: 0o600 });
  return { file, accessKeyId, secretAccessKey };
}

const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => crypto.createHmac("sha256", key).update(data).digest();

/** Headers of an AWS Signature Version 4 request with an empty body and no query (enough for CreateBucket). */
function sigV4Headers(method, { host, pathname }, { accessKeyId, secretAccessKey }, now = new Date()) {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256("");
  const headers = { host, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate };
  const names = Object.keys(headers); // already sorted, as SigV4 wants
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]}\n`).join("");
  const canonical = [method, pathname, "", canonicalHeaders, names.join(";"), payloadHash].join("\n");
  const scope = `${day}/${REGION}/s3/aws4_request`;
  let key = `AWS4${secretAccessKey}`;
  for (const part of [day, REGION, "s3", "aws4_request"]) key = hmac(key, part);
  const signature = hmac(key, ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n")).toString("hex");
  const authorization = `Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return { ...headers, authorization: `AWS4-HMAC-SHA256 ${authorization}` };
}

/** CreateBucket: resolves "created", or "exists" when these keys already own it; rejects with S3's answer otherwise. */
async function createBucket(port, keys) {
  // fetch sends the same Host header that is signed here.
  const url = new URL(`http://127.0.0.1:${port}/${BUCKET}`);
  const { host: _host, ...headers } = sigV4Headers("PUT", url, keys);
  const res = await fetch(url, { method: "PUT", headers, signal: AbortSignal.timeout(5000) });
  const body = await res.text();
  if (res.status === 200) return "created";
  if (body.includes("BucketAlreadyOwnedByYou")) return "exists";
  throw new Error(`CreateBucket answered ${res.status}: ${body.replace(/\s+/g, " ").slice(0, 300)}`);
}

/** Writes (or replaces) `[profile]` of an AWS shared credentials file with the store's keys; other profiles stay. */
function writeProfile(file, profile, { accessKeyId, secretAccessKey }) {
  file ||= process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(os.homedir(), ".aws", "credentials");
  const kept = [];
  let inProfile = false;
  for (const line of fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : []) {
    const section = /^\s*\[([^\]]*)\]\s*$/.exec(line);
    if (section) inProfile = section[1].trim() === profile;
    if (!inProfile) kept.push(line);
  }
  while (kept.length && !kept[kept.length - 1].trim()) kept.pop();
  if (kept.length) kept.push("");
  kept.push(`[${profile}]`, `aws_access_key_id = ${accessKeyId}`, `aws_secret_access_key = ${secretAccessKey}`, "");
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(`${file}.tmp`, kept.join("\n"), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  const hint = process.env.AWS_SHARED_CREDENTIALS_FILE === file ? "" : " (point AWS_SHARED_CREDENTIALS_FILE at it)";
  log(`wrote profile [${profile}] to ${file}${hint}`);
}

function weedArgs(dataDir, configFile, ports) {
  const dir = path.join(dataDir, "seaweedfs");
  fs.mkdirSync(dir, { recursive: true });
  // -master.peers=none: a lone master resumes as leader at once, not after an election timeout (10 s).
  const fixed = "-ip=127.0.0.1 -ip.bind=127.0.0.1 -master.peers=none -master.telemetry=false -volume.max=0 -filer -s3";
  const more = "-master.volumeSizeLimitMB=128 -volume.preStopSeconds=0 -s3.port.iceberg=0 -s3.port.lance=0";
  const flags = [...`${fixed} ${more}`.split(" "), ...PORT_FLAGS.map((flag) => `-${flag}=${ports[flag]}`)];
  return ["-logtostderr", "server", `-dir=${dir}`, `-s3.config=${configFile}`, ...flags];
}

/** Creates the bucket, retrying while weed's services come up; fails at once if weed exits. */
async function waitReady(child, port, keys, logFile) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode) {
      const tail = fs.readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-15).join("\n");
      throw new Error(`weed exited (${child.exitCode ?? child.signalCode}) before S3 was ready; ${logFile}:\n${tail}`);
    }
    const outcome = await createBucket(port, keys).catch((err) => void (lastError = err.message));
    if (outcome) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`S3 on port ${port} not ready in ${READY_TIMEOUT_MS / 1000} s (${lastError}); see ${logFile}`);
}

/** stop(graceMs): SIGTERM to weed's process group, SIGKILL after graceMs; resolves once weed has exited. */
function stopper(child) {
  const exited = new Promise((resolve) => child.once("exit", () => resolve()));
  const signal = (sig) => child.exitCode === null && !child.signalCode && process.kill(-child.pid, sig);
  const killOnExit = () => signal("SIGKILL"); // this process ending must not leave weed behind
  process.once("exit", killOnExit);
  const stop = (graceMs = STOP_GRACE_MS) => {
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), graceMs);
    return exited.then(() => {
      clearTimeout(timer);
      process.removeListener("exit", killOnExit);
    });
  };
  return { exited, stop };
}

/** Starts weed on loopback and creates the bucket; resolves once S3 accepts the store's keys. */
async function startStateStore({ dataDir, port, profile, credentialsFile }) {
  if (!dataDir) throw new Error("startStateStore: dataDir is required");
  const weed = ensureStateStore();
  dataDir = path.resolve(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const ports = await choosePorts(dataDir, port);
  const keys = loadOrCreateKeys(dataDir);
  const logFile = path.join(dataDir, "weed.log");
  const out = fs.openSync(logFile, "a");
  const started = Date.now();
  const options = { cwd: dataDir, detached: true, stdio: ["ignore", out, out] }; // detached: its own process group
  const child = spawn(weed, weedArgs(dataDir, keys.file, ports), options);
  fs.closeSync(out);
  const { exited, stop } = stopper(child);
  const s3Port = ports["s3.port"];
  const outcome = await waitReady(child, s3Port, keys, logFile).catch((err) => stop().then(() => Promise.reject(err)));
  const endpoint = `http://127.0.0.1:${s3Port}`;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`S3 on ${endpoint} ready in ${seconds} s (bucket ${BUCKET} ${outcome}; log ${logFile})`);
  if (profile) writeProfile(credentialsFile, profile, keys);
  // Works with CLIs 3.250.0 and 3.276.0. SeaweedFS keeps no checksum of what CLI 3.276's AWS SDK uploads, and that SDK
  // warns on every read of such an object unless it validates checksums only when required.
  const checksums = "response_checksum_validation=when_required";
  const query = `endpoint=${endpoint}&region=${REGION}&s3ForcePathStyle=true&${checksums}`;
  const backendUrl = `s3://${BUCKET}?${query}${profile ? `&profile=${encodeURIComponent(profile)}` : ""}`;
  const { accessKeyId, secretAccessKey } = keys;
  return { backendUrl, accessKeyId, secretAccessKey, endpoint, bucket: BUCKET, stop, exited };
}

module.exports = { ensureStateStore, startStateStore };

async function main() {
  const option = { type: "string" };
  const options = {
    data: option,
    port: option,
    profile: option,
    "credentials-file": option,
    ensure: { type: "boolean" },
  };
  const { values } = parseArgs({ options });
  // --ensure: find or build weed and print its path (CI builds it once before the tests that start stores).
  if (values.ensure) return void process.stdout.write(`${ensureStateStore()}\n`);
  const usage = "usage: npm run state-store -- --data <dir> [--port <n>] [--profile <name> [--credentials-file <f>]]";
  const port = values.port === undefined ? undefined : Number(values.port);
  if (!values.data) throw new Error(`--data is required\n${usage}`);
  if (port !== undefined && !(values.port.trim() !== "" && port >= 0 && port < 65536 && Number.isInteger(port))) {
    throw new Error(`--port must be a TCP port number (0: any free port), not "${values.port}"\n${usage}`);
  }
  if (values["credentials-file"] && !values.profile) throw new Error(`--credentials-file needs --profile\n${usage}`);
  const credentialsFile = values["credentials-file"] && path.resolve(values["credentials-file"]);
  const store = await startStateStore({ dataDir: values.data, port, profile: values.profile, credentialsFile });
  const { backendUrl, accessKeyId: id, secretAccessKey: secret } = store;
  process.stdout.write(`backend: ${backendUrl}\naws access key id: ${id}\naws secret access key: ${secret}\n`);
  let stopping = false;
  const onSignal = (sig) => {
    log(stopping ? `${sig} again: killing weed` : `${sig}: stopping weed (up to ~15 s; ${sig} again kills it)`);
    void store.stop(stopping ? 0 : undefined).then(() => process.exit(0));
    stopping = true;
  };
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  await store.exited;
  if (!stopping) throw new Error(`weed exited on its own; see ${path.resolve(values.data, "weed.log")}`);
}

if (require.main === module) {
  main().catch((err) => {
    log(err.message);
    process.exit(1);
  });
}
