// Conformance: drive the emulator through the protocol flows, record every spec-endpoint (peer API) response, and
// validate each 2xx body against the official OpenAPI 3.0 schemas (INTERCONNECT_SPEC_DIR or <repo>/../shared/spec).
//   npx ts-node --transpile-only tests/conformance/run.ts
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { startEmulator, type PeerResponseRecord } from "../../emulator/server";
import { COORDINATOR_SPEC_VERSION } from "../../schema/customer";
import { activateConnection, createCloudConnection, customerClients, waitForPartnerState } from "../support/clients";

type Json = Record<string, any>;

const specRoot = path.resolve(
  process.env.INTERCONNECT_SPEC_DIR ?? path.join(__dirname, "..", "..", "..", "shared", "spec"),
);
const specFile = fs.existsSync(path.join(specRoot, "openapi.yaml"))
  ? path.join(specRoot, "openapi.yaml")
  : path.join(specRoot, "connection-coordinator", "openapi.yaml");

const documents = new Map<string, Json>();
function load(file: string): Json {
  if (!documents.has(file)) documents.set(file, yaml.load(fs.readFileSync(file, "utf8")) as Json);
  return documents.get(file)!;
}

/** Follows a $ref ("file.yaml#/a/b" or "#/a/b") relative to the file it appears in. */
function deref(ref: string, fromFile: string): { node: Json; file: string } {
  const [filePart, pointer = ""] = ref.split("#");
  const file = filePart ? path.resolve(path.dirname(fromFile), filePart) : fromFile;
  let node: any = load(file);
  for (const key of pointer.split("/").filter(Boolean)) node = node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (node === undefined) throw new Error(`unresolvable $ref ${ref} in ${fromFile}`);
  return { node, file };
}

const INT_RANGES: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1] };

/** Inlines $refs and turns OpenAPI 3.0 schema dialect into JSON Schema for ajv. */
function toJsonSchema(schema: Json, file: string, seen: string[] = []): Json {
  if (schema.$ref) {
    const key = `${file}#${schema.$ref}`;
    if (seen.includes(key)) return {}; // recursive schema: accept the inner level
    const { node, file: target } = deref(schema.$ref, file);
    return toJsonSchema(node, target, [...seen, key]);
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (
      key === "example" ||
      key === "nullable" ||
      key === "deprecated" ||
      key === "description" ||
      key.startsWith("x-")
    )
      continue;
    if (key === "properties")
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v as Json, file, seen)]),
      );
    else if (key === "items" || key === "additionalProperties")
      out[key] = typeof value === "object" ? toJsonSchema(value as Json, file, seen) : value;
    else if (key === "allOf" || key === "oneOf" || key === "anyOf")
      out[key] = (value as Json[]).map((v) => toJsonSchema(v, file, seen));
    else if (key === "type" && value === "uint32") {
      out.type = "integer";
      [out.minimum, out.maximum] = INT_RANGES.uint32;
    } else if (key === "format") {
      if (INT_RANGES[value as string]) [out.minimum, out.maximum] = INT_RANGES[value as string];
      else if (value === "date-time") out.format = "date-time";
      // byte, fieldmask, int64: no JSON Schema equivalent worth enforcing
    } else out[key] = value;
  }
  if (schema.nullable && out.type) out.type = [out.type, "null"];
  return out;
}

function responseValidators(ajv: Ajv): Map<string, ValidateFunction> {
  const root = load(specFile);
  const validators = new Map<string, ValidateFunction>();
  for (const pathItemRef of Object.values(root.paths as Json)) {
    const { node: pathItem, file } = (pathItemRef as Json).$ref
      ? deref((pathItemRef as Json).$ref, specFile)
      : { node: pathItemRef as Json, file: specFile };
    for (const op of Object.values(pathItem) as Json[]) {
      if (!op?.operationId) continue;
      const schema =
        op.responses?.default?.content?.["application/json"]?.schema ??
        op.responses?.["200"]?.content?.["application/json"]?.schema;
      validators.set(op.operationId, ajv.compile(schema ? toJsonSchema(schema, file) : {}));
    }
  }
  return validators;
}

async function driveFlows(record: PeerResponseRecord[]): Promise<void> {
  const em = await startEmulator({ port: 0, provisioningDelayMs: 30, onPeerResponse: (r) => record.push(r) });
  const c = customerClients(em);
  const at = c.asPartnerAtCloud;
  const env = "/environments/us-east-1:nyc";
  const ic = `${env}/interconnects/ic-1`;
  try {
    // Create, update in place, migrate, delete (the internal peer traffic is recorded too).
    const nyc = await activateConnection(c, { environment: "us-east-1:nyc", bandwidthGbps: 10, site: "nyc-hq" });
    await c.partner.patch(`/v1/connections/${nyc.partner.id}`, { bandwidthGbps: 25 });
    await waitForPartnerState(c, nyc.partner.id, "available");
    const sjc = await activateConnection(c, { environment: "us-west-2:sjc", bandwidthGbps: 10, site: "sjc-campus" });
    await c.partner.patch(`/v1/connections/${sjc.partner.id}`, { bandwidthGbps: 25 });
    await waitForPartnerState(c, sjc.partner.id, "available");
    const uuid = nyc.partner.sharedConnectionUuid;
    const conn = `${ic}/connections/${uuid}`;

    // Every operation directly, against both roles.
    for (const peer of [c.asPartnerAtCloud, c.asCloudAtPartner]) {
      await peer.get("/../../providers");
      await peer.get("");
      await peer.get("/environments");
      await peer.get(env);
      await peer.get(`${env}/interconnects`);
      await peer.get(ic);
      await peer.get(`${ic}/channels`);
      await peer.get(`${ic}/channels/ch1`);
      await peer.get(`${ic}/channels/ch1/maintenanceEvents`);
      await peer.get(`${ic}/channels/ch1/macSecKeys`);
      const keys = (await peer.get(`${ic}/channels/ch1/macSecKeys`)).data.macSecKeys ?? [];
      if (keys[0]) await peer.get(`/${keys[0].name.split("/").slice(2).join("/")}`);
      await peer.get(`${ic}/connections`);
      await peer.get(conn);
      await peer.get(`${conn}/features`);
      await peer.get(`${conn}/features/ch1-l3`);
      await peer.post(`${conn}/GenerateFeatureGuidance`, {});
      await peer.post(`${conn}/NotifyConnectionStatus`, {});
      await peer.post("/issues", { title: "conformance", body: "issue body" }, { params: { issueId: "conf-1" } });
      await peer.get("/issues");
      await peer.get("/issues/conf-1");
      await peer.post("/issues/conf-1/AddComment", { comment: { body: "a comment" } });
      await peer.get("/issues/conf-1/comments");
      await peer.post("/issues/conf-1/Close", {});
    }
    // Maintenance (NotifyMaintenance + GetMaintenanceEvents) and MACsec rotation (Create/Delete/RequestMacSecKeyRotation).
    const start = Date.now() + 3600_000;
    await c.admin.post("/maintenance", {
      role: "partner",
      environment: "us-east-1:nyc",
      interconnect: "ic-1",
      channel: "ch1",
      startTime: new Date(start).toISOString(),
      endTime: new Date(start + 3600_000).toISOString(),
    });
    await c.admin.post("/clock", { advanceMs: 3 * 3600_000 });
    await c.asPartnerAtCloud.post(`${ic}/channels/ch2/RequestMacSecKeyRotation`, { reason: "conformance" });
    // The cloud (ch2's manager) finishes its rotation by deleting the old key at the partner.
    const ch2Old = (
      (await c.asCloudAtPartner.get(`${ic}/channels/ch2/macSecKeys`)).data.macSecKeys as {
        name: string;
        active: boolean;
      }[]
    ).find((k) => !k.active);
    if (ch2Old) await c.asCloudAtPartner.delete(`${ic}/channels/ch2/macSecKeys/${ch2Old.name.split("/").pop()}`);
    await c.admin.post("/clock", { advanceMs: 3 * 3600_000 });
    await at.post(
      `${ic}/channels/ch1/macSecKeys`,
      { cak: "c".repeat(64), ckn: "d".repeat(64) },
      { params: { macSecKeyId: "conf-key" } },
    );
    const old = (
      (await at.get(`${ic}/channels/ch1/macSecKeys`)).data.macSecKeys as { name: string; active: boolean }[]
    ).find((k) => !k.active);
    if (old) await at.delete(`${ic}/channels/ch1/macSecKeys/${old.name.split("/").pop()}`);
    // A spare feature to delete, then a full connection delete; finally ConfirmActivationKey on a fresh key.
    await at.delete(`${conn}/features/ch4-l3`);
    await c.partner.delete(`/v1/connections/${nyc.partner.id}`);
    await waitForPartnerState(c, nyc.partner.id, "deleted");
    const fresh = await createCloudConnection(c, "us-east-1:nyc", 1);
    await at.post(`${env}/ConfirmActivationKey`, { encodedKey: fresh.activationKey });
    const accepted = await c.partner.post("/v1/connections", {
      activationKey: (await createCloudConnection(c, "us-east-1:nyc", 1)).activationKey,
      site: "nyc-hq",
    });
    await waitForPartnerState(c, accepted.data.id, "available");
  } finally {
    await em.stop();
  }
}

async function main(): Promise<void> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = responseValidators(ajv);
  const record: PeerResponseRecord[] = [];
  await driveFlows(record);

  const exercised = new Set<string>();
  const failures: string[] = [];
  for (const r of record) {
    if (r.status < 200 || r.status >= 300) continue;
    exercised.add(r.operationId);
    const validate = validators.get(r.operationId);
    if (!validate) failures.push(`${r.operationId}: not in the spec`);
    else if (!validate(r.body))
      failures.push(`${r.role} ${r.method} ${r.url} (${r.operationId}): ${ajv.errorsText(validate.errors)}`);
  }
  const missing = [...validators.keys()].filter((op) => !exercised.has(op));
  console.log(`spec: ${specFile}`);
  console.log(`recorded ${record.length} peer responses (${record.filter((r) => r.status < 300).length} successful)`);
  console.log(
    `exercised ${exercised.size} of ${validators.size} operationIds${missing.length ? ` (not exercised: ${missing.join(", ")})` : ""}`,
  );
  if (failures.length) {
    console.error(`${failures.length} responses do not match the official schemas:`);
    for (const f of failures.slice(0, 50)) console.error(`  - ${f}`);
    process.exit(1);
  }
  console.log("all recorded responses match the official schemas");
  // The version the partner customer API reports (GetServiceInfo) and the provider accepts is the spec's own.
  const specVersion = (load(specFile).info as Json).version;
  if (specVersion !== COORDINATOR_SPEC_VERSION) {
    console.error(
      `the spec is ${specVersion}, but schema/customer.ts COORDINATOR_SPEC_VERSION is ${COORDINATOR_SPEC_VERSION}`,
    );
    process.exit(1);
  }
  console.log(`spec version ${specVersion}: the one the emulator reports and the provider speaks`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
