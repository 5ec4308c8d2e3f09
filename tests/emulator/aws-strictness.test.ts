// Issue 20: the emulated AWS Interconnect API as strict as the service, so a client that works against it works
// against AWS. Each case sends the bad request and shows that nothing changed:
//   * signing: host, x-amz-date and every x-amz-* header must be signed (a signature binds the operation); one
//     Authorization header; a missing X-Amz-Date is an IncompleteSignatureException;
//   * idempotency: a clientToken is scoped to the account and the operation, a repeat with other input is a 400
//     naming the token and the member, and a repeat with the same input answers alike, also after a restart;
//   * pagination: a nextToken is bound to its operation and filters; a forged or foreign one is a 400;
//   * the rpcv2Cbor body: malformed, trailing bytes, deep nesting, a 20 MB body, an unknown operation, a mistyped
//     member: SerializationException, 413 or UnknownOperationException, never a 5xx.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { cbor } from "@smithy/core/cbor";
import { expect } from "chai";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createCloudConnection, customerClients, DX_ATTACH_POINT, type Clients } from "../support/clients";

const NYC = "us-east-1:nyc";
/** CBOR as the AWS SDK for JavaScript encodes it (copied out of the codec's shared buffer). */
const encode = (value: unknown) => Buffer.from(cbor.serialize(value));
const decode = (bytes: Buffer): unknown => cbor.deserialize(bytes);

interface Raw {
  status: number;
  body: any;
}

/** One signed POST; `unsigned` headers are sent but left out of SignedHeaders, `extra` lines are added after signing. */
async function signedPost(
  em: RunningEmulator,
  route: string,
  headers: Record<string, string>,
  body: Buffer,
  opts: { unsigned?: string[]; extra?: [string, string][]; drop?: string[] } = {},
): Promise<Raw> {
  const url = new URL(`${em.cloudUrl}${route}`);
  const request = new HttpRequest({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, ...headers },
    body,
  });
  const signer = new SignatureV4({
    credentials: em.credentials,
    region: em.region,
    service: "interconnect",
    sha256: Sha256,
  });
  const signed = await signer.sign(request, { unsignableHeaders: new Set(opts.unsigned ?? []) });
  const lines: [string, string][] = Object.entries(signed.headers)
    .filter(([name]) => !(opts.drop ?? []).includes(name.toLowerCase()))
    .map(([name, value]) => [name, String(value)]);
  lines.push(...(opts.extra ?? []));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: lines.flat() }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const type = String(res.headers["content-type"] ?? "");
        const parsed: unknown =
          raw.length === 0 ? undefined : type.startsWith("application/cbor") ? decode(raw) : JSON.parse(raw.toString());
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const json = (operation: string) => ({
  "content-type": "application/x-amz-json-1.0",
  "x-amz-target": `Interconnect.${operation}`,
});
const CBOR_HEADERS = {
  "content-type": "application/cbor",
  "smithy-protocol": "rpc-v2-cbor",
  accept: "application/cbor",
};
const cborRoute = (operation: string) => `/service/Interconnect/operation/${operation}`;

describe("emulator: the AWS API as strict as the service", function () {
  this.timeout(30_000);
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 200 });
    c = customerClients(em);
  });
  afterEach(async () => em?.stop());

  const liveIds = async () =>
    ((await c.cloud.call("ListConnections", {})).connections ?? [])
      .filter((x) => x.state !== "deleted" && x.state !== "deleting")
      .map((x) => x.id);

  describe("signing", () => {
    it("a request whose X-Amz-Target is not signed is refused: a signed Get cannot become a Delete", async () => {
      const { id } = await createCloudConnection(c, NYC, 1);
      const body = Buffer.from(JSON.stringify({ identifier: id }));
      const res = await signedPost(em, "/", json("DeleteConnection"), body, { unsigned: ["x-amz-target"] });
      expect(res.status).to.equal(403);
      expect(res.body.__type).to.equal("InvalidSignatureException");
      expect(res.body.message).to.contain("x-amz-target");
      expect(await liveIds()).to.deep.equal([id]);
    });

    it("two Authorization headers are refused", async () => {
      const body = Buffer.from("{}");
      const first = await signedPost(em, "/", json("ListConnections"), body);
      expect(first.status).to.equal(200);
      const res = await signedPost(em, "/", json("ListConnections"), body, {
        extra: [
          ["Authorization", "AWS4-HMAC-SHA256 Credential=AKIAOTHER/20261202/us-east-1/interconnect/aws4_request"],
        ],
      });
      expect(res.status).to.equal(403);
      expect(res.body.__type).to.equal("IncompleteSignatureException");
    });

    it("a missing X-Amz-Date is an IncompleteSignatureException", async () => {
      const res = await signedPost(em, "/", json("ListConnections"), Buffer.from("{}"), { drop: ["x-amz-date"] });
      expect(res.status).to.equal(403);
      expect(res.body.__type).to.equal("IncompleteSignatureException");
    });
  });

  describe("idempotency tokens", () => {
    const order = { environmentId: NYC, bandwidth: "1Gbps", attachPoint: DX_ATTACH_POINT };

    it("CreateConnection: the same token with other input is a 400 naming token and member; nothing is made", async () => {
      const first = await c.cloud.call("CreateConnection", { ...order, clientToken: "tok-1" });
      const res = await c.cloud.send("CreateConnection", { ...order, bandwidth: "10Gbps", clientToken: "tok-1" });
      expect(res.status).to.equal(400);
      expect(res.data.__type).to.equal("InterconnectValidationException");
      expect(res.data.message).to.contain("clientToken 'tok-1'").and.contain("'bandwidth'");
      expect(await liveIds()).to.deep.equal([first.connection!.id]);
    });

    it("a token is scoped to its operation: Update with Create's token changes, Delete with Update's is refused", async () => {
      const created = (await c.cloud.call("CreateConnection", { ...order, clientToken: "tok-2" })).connection!;
      const described = await c.cloud.call("UpdateConnection", {
        identifier: created.id,
        description: "renamed",
        clientToken: "tok-2",
      });
      expect(described.connection).to.include({ id: created.id, description: "renamed" });
      const again = await c.cloud.send("UpdateConnection", {
        identifier: created.id,
        description: "other",
        clientToken: "tok-2",
      });
      expect(again.status).to.equal(400);
      expect(again.data.message).to.contain("'description'");
      const repeat = await c.cloud.call("UpdateConnection", {
        identifier: created.id,
        description: "renamed",
        clientToken: "tok-2",
      });
      expect(repeat.connection!.description).to.equal("renamed");
      const deleted = await c.cloud.call("DeleteConnection", { identifier: created.id, clientToken: "tok-3" });
      const deletedAgain = await c.cloud.call("DeleteConnection", { identifier: created.id, clientToken: "tok-3" });
      expect([deleted.connection.id, deletedAgain.connection.id]).to.deep.equal([created.id, created.id]);
    });

    it("AcceptConnectionProposal with a CreateConnection token does not answer the created connection", async () => {
      const created = (await c.cloud.call("CreateConnection", { ...order, clientToken: "tok-4" })).connection!;
      const { activationKey } = (
        await c.admin.post("/portal/proposals", { environment: NYC, bandwidthGbps: 5, site: "nyc-hq" })
      ).data as { activationKey: string };
      const accepted = await c.cloud.call("AcceptConnectionProposal", {
        activationKey,
        attachPoint: DX_ATTACH_POINT,
        clientToken: "tok-4",
      });
      expect(accepted.connection!.id).not.to.equal(created.id);
      expect(accepted.connection!.bandwidth).to.equal("5Gbps");
    });
  });

  describe("page tokens", () => {
    it("a forged, a foreign and a re-filtered nextToken are refused with InterconnectValidationException", async () => {
      for (let i = 0; i < 3; i++) await createCloudConnection(c, NYC, 1);
      const page = await c.cloud.call("ListConnections", { maxResults: 1 });
      expect(page.nextToken).to.be.a("string");
      const forged = Buffer.from(JSON.stringify({ offset: 1 })).toString("base64url");
      for (const [operation, input] of [
        ["ListConnections", { maxResults: 1, nextToken: forged }],
        ["ListEnvironments", { maxResults: 1, nextToken: page.nextToken }],
        ["ListConnections", { maxResults: 1, nextToken: page.nextToken, environmentId: NYC }],
      ] as const) {
        const res = await c.cloud.send(operation, input);
        expect(res.status, `${operation} ${JSON.stringify(input)}`).to.equal(400);
        expect(res.data.__type).to.equal("InterconnectValidationException");
      }
      const next = await c.cloud.call("ListConnections", { maxResults: 1, nextToken: page.nextToken });
      expect(next.connections).to.have.length(1);
    });
  });

  describe("the rpcv2Cbor body", () => {
    const ORDER = { environmentId: NYC, bandwidth: "1Gbps", attachPoint: DX_ATTACH_POINT };
    const protoMap = Buffer.concat([Buffer.from([0xa1, 0x69]), Buffer.from("__proto__"), Buffer.from([0xa0])]);

    it("an indefinite-length map (a legal encoding) is read like a definite one", async () => {
      const body = Buffer.concat([Buffer.from([0xbf, 0x6a]), Buffer.from("maxResults"), Buffer.from([0x01, 0xff])]);
      const res = await signedPost(em, cborRoute("ListEnvironments"), CBOR_HEADERS, body);
      expect(res.status).to.equal(200);
      expect(res.body.environments).to.have.length(1);
    });

    const cases: [string, Buffer, number, string][] = [
      ["malformed CBOR", Buffer.from([0xbf, 0x61]), 400, "SerializationException"],
      ["trailing bytes", Buffer.concat([encode(ORDER), Buffer.from([0x01])]), 400, "SerializationException"],
      [
        "10,000-deep nesting",
        Buffer.concat([Buffer.alloc(10_000, 0x81), Buffer.from([0x01])]),
        400,
        "SerializationException",
      ],
      ["an array, not a map", encode([1, 2]), 400, "SerializationException"],
      ["an indefinite-length map never closed", Buffer.from([0xbf, 0x61, 0x61, 0x01]), 400, "SerializationException"],
      ["a break outside any indefinite-length item", Buffer.from([0xff]), 400, "SerializationException"],
      ["a map with the key __proto__", protoMap, 400, "SerializationException"],
      ["a mistyped member", encode({ ...ORDER, environmentId: 5 }), 400, "SerializationException"],
    ];
    for (const [what, body, status, type] of cases) {
      it(`${what}: ${status} ${type}, no state change`, async () => {
        const res = await signedPost(em, cborRoute("CreateConnection"), CBOR_HEADERS, body);
        expect(res.status).to.equal(status);
        expect(res.body.__type).to.equal(type);
        expect(await liveIds()).to.deep.equal([]);
      });
    }

    it("a 20 MB body: 413, nothing created", async () => {
      const body = encode({
        environmentId: NYC,
        bandwidth: "1Gbps",
        attachPoint: DX_ATTACH_POINT,
        description: "x".repeat(20e6),
      });
      const res = await signedPost(em, cborRoute("CreateConnection"), CBOR_HEADERS, body);
      expect(res.status).to.equal(413);
      expect(res.body.__type).to.equal("SerializationException");
      expect(await liveIds()).to.deep.equal([]);
    });

    it("an unknown operation: UnknownOperationException", async () => {
      const res = await signedPost(em, cborRoute("DropEverything"), CBOR_HEADERS, encode({}));
      expect(res.status).to.equal(400);
      expect(res.body.__type).to.equal("UnknownOperationException");
    });

    it("errors carry the model's shape id and status; answers are CBOR maps", async () => {
      const missing = await signedPost(
        em,
        cborRoute("GetConnection"),
        CBOR_HEADERS,
        encode({ identifier: "lmcc-nosuch00" }),
      );
      expect(missing.status).to.equal(404);
      expect(missing.body.__type).to.equal("com.amazonaws.interconnect#ResourceNotFoundException");
      const listed = await signedPost(em, cborRoute("ListEnvironments"), CBOR_HEADERS, encode({}));
      expect(listed.status).to.equal(200);
      expect(listed.body.environments.map((e: { environmentId: string }) => e.environmentId)).to.include(NYC);
    });

    it("the same mistyped member over awsJson1_0 is a SerializationException too", async () => {
      const res = await c.cloud.send("ListConnections", { maxResults: "one" });
      expect(res.status).to.equal(400);
      expect(res.data.__type).to.equal("SerializationException");
    });
  });
});

describe("emulator: client tokens survive a restart", function () {
  this.timeout(30_000);
  it("a repeat with the same input after a restart answers the first connection", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "icemu-tokens-"));
    const order = { environmentId: NYC, bandwidth: "1Gbps", attachPoint: DX_ATTACH_POINT, clientToken: "tok-r" };
    let em = await startEmulator({ port: 0, dataDir: dir });
    try {
      const first = (await customerClients(em).cloud.call("CreateConnection", order)).connection!;
      await em.stop();
      em = await startEmulator({ port: 0, dataDir: dir });
      const c = customerClients(em);
      const again = (await c.cloud.call("CreateConnection", order)).connection!;
      expect(again.id).to.equal(first.id);
      const other = await c.cloud.send("CreateConnection", { ...order, bandwidth: "10Gbps" });
      expect(other.status).to.equal(400);
      expect((await c.cloud.call("ListConnections", {})).connections).to.have.length(1);
    } finally {
      await em.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
