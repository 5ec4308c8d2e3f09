import { expect } from "chai";
import { AWS_OPERATIONS, ConnectionSchema, decodeActivationKey, type AwsOperation } from "../../schema/aws";
import {
  CLOUD_CUSTOMER_ACCOUNT,
  DEV_AWS_ACCESS_KEY_ID,
  DEV_DX_GATEWAYS,
  PARTNER_CUSTOMER_ACCOUNT,
} from "../../emulator/identities";
import type { CloudExchangeRecord } from "../../emulator/cloud/aws/front";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import {
  createCloudConnection,
  customerClients,
  DX_ATTACH_POINT,
  getCloudConnection,
  waitForCloudState,
  waitForPartnerState,
  type Clients,
} from "../support/clients";

const NYC = "us-east-1:nyc";

describe("emulator: AWS Interconnect API (cloud)", () => {
  let em: RunningEmulator;
  let c: Clients;
  let exchanges: CloudExchangeRecord[];

  beforeEach(async () => {
    exchanges = [];
    em = await startEmulator({ port: 0, provisioningDelayMs: 30, onCloudExchange: (r) => exchanges.push(r) });
    c = customerClients(em);
  });
  afterEach(() => em.stop());

  it("serves every operation (happy paths), each output valid for its schema", async () => {
    const envs = await c.cloud.call("ListEnvironments", {});
    expect(envs.environments.map((e) => e.environmentId)).to.include(NYC);
    const nyc = (await c.cloud.call("GetEnvironment", { id: NYC })).environment;
    expect(nyc).to.include({
      location: "New York",
      type: "LastMile",
      remoteIdentifierType: "account",
      state: "available",
    });
    expect(nyc.activationPageUrl).to.equal(`${em.partnerUrl}/portal/activate`);
    expect(nyc.bandwidths.supported).to.include("10Gbps");
    const sjc = (await c.cloud.call("GetEnvironment", { id: "us-west-2:sjc" })).environment;
    expect(sjc.state).to.equal("available"); // ic-2 is empty
    const aps = await c.cloud.call("ListAttachPoints", { environmentId: NYC });
    expect(aps.attachPoints.map((a) => a.identifier)).to.deep.equal(DEV_DX_GATEWAYS.map((g) => g.id));

    const created = await createCloudConnection(c, NYC, 10, PARTNER_CUSTOMER_ACCOUNT, {
      description: "hq primary",
      tags: { team: "net" },
    });
    ConnectionSchema.parse(created);
    expect(created.id).to.match(/^lmcc-[a-z0-9]{8}$/);
    expect(created.arn).to.equal(`arn:aws:interconnect:us-east-1:${CLOUD_CUSTOMER_ACCOUNT}:connection/${created.id}`);
    expect(created).to.include({
      state: "requested",
      bandwidth: "10Gbps",
      location: "New York",
      type: "LastMile",
      ownerAccount: CLOUD_CUSTOMER_ACCOUNT,
      billingTier: 3,
    });
    expect(created.provider).to.deep.equal({ lastMileProvider: "Example Partner" });
    expect(decodeActivationKey(created.activationKey)).to.include({
      sharedConnectionUuid: created.sharedId,
      connectionSizeMbps: 10_000,
      destinationAccountId: PARTNER_CUSTOMER_ACCOUNT,
    });

    expect((await getCloudConnection(c, created.id)).description).to.equal("hq primary");
    const updated = await c.cloud.call("UpdateConnection", {
      identifier: created.id,
      bandwidth: "25Gbps",
      description: "hq primary 25",
    });
    expect(updated.connection).to.include({ bandwidth: "25Gbps", description: "hq primary 25", state: "requested" });
    expect(decodeActivationKey(updated.connection!.activationKey)?.connectionSizeMbps).to.equal(25_000); // key reissued
    const listed = await c.cloud.call("ListConnections", { environmentId: NYC });
    expect(listed.connections?.map((x) => x.id)).to.deep.equal([created.id]);
    expect(listed.connections?.[0]).to.not.have.property("activationKey");
    const deleted = await c.cloud.call("DeleteConnection", { identifier: created.id });
    expect(deleted.connection.state).to.equal("deleted");
    expect((await getCloudConnection(c, created.id)).state).to.equal("deleted");

    const noDescription = await createCloudConnection(c, NYC, 1, null);
    expect(noDescription.description).to.equal(`Last mile connection ${noDescription.id}`);
    expect(decodeActivationKey(noDescription.activationKey)).to.not.have.property("destinationAccountId");

    for (const r of exchanges) {
      expect(r.status, `${r.operation} ${JSON.stringify(r.response)}`).to.equal(200);
      expect(AWS_OPERATIONS[r.operation as AwsOperation].output.safeParse(r.response).success, r.operation).to.equal(
        true,
      );
    }
    expect(new Set(exchanges.map((r) => r.operation))).to.include.members([
      "ListEnvironments",
      "GetEnvironment",
      "ListAttachPoints",
      "CreateConnection",
      "GetConnection",
      "UpdateConnection",
      "ListConnections",
      "DeleteConnection",
    ]);
  });

  it("refuses bad signatures: wrong secret, unknown key, date off by 20 minutes, missing auth, wrong region", async () => {
    const wrongSecret = await c.cloud.send(
      "ListEnvironments",
      {},
      { credentials: { accessKeyId: DEV_AWS_ACCESS_KEY_ID, secretAccessKey: "not-the-secret" } },
    );
    expect(wrongSecret.status).to.equal(403);
    expect(wrongSecret.data.__type).to.equal("InvalidSignatureException");
    expect(wrongSecret.data.message).to.match(/signature we calculated does not match/);
    expect(wrongSecret.headers["x-amzn-errortype"]).to.equal("InvalidSignatureException");

    const unknown = await c.cloud.send(
      "ListEnvironments",
      {},
      { credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } },
    );
    expect([unknown.status, unknown.data.__type]).to.deep.equal([403, "UnrecognizedClientException"]);
    expect(unknown.data.message).to.equal("The security token included in the request is invalid");

    const stale = await c.cloud.send("ListEnvironments", {}, { signingDate: new Date(Date.now() - 20 * 60 * 1000) });
    expect([stale.status, stale.data.__type]).to.deep.equal([403, "InvalidSignatureException"]);
    expect(stale.data.message).to.match(/Signature expired/);

    const missing = await c.cloud.send("ListEnvironments", {}, { unsigned: true });
    expect([missing.status, missing.data.__type]).to.deep.equal([403, "MissingAuthenticationTokenException"]);

    const region = await c.cloud.send("ListEnvironments", {}, { region: "eu-west-1" });
    expect([region.status, region.data.__type]).to.deep.equal([403, "InvalidSignatureException"]);
    expect(region.data.message).to.match(/us-east-1/);
    const service = await c.cloud.send("ListEnvironments", {}, { service: "directconnect" });
    expect(service.data.message).to.match(/interconnect/);

    const tampered = await c.cloud.send(
      "ListEnvironments",
      {},
      { afterSigning: (h) => (h["x-amz-target"] = "Interconnect.ListConnections") },
    );
    expect([tampered.status, tampered.data.__type]).to.deep.equal([403, "InvalidSignatureException"]);
    const session = await c.cloud.send(
      "ListEnvironments",
      {},
      { credentials: { ...em.credentials, sessionToken: "any-session-token" } },
    );
    expect(session.status).to.equal(200);
  });

  it("validates inputs from the operation table and speaks the protocol's errors", async () => {
    const base = { environmentId: NYC, bandwidth: "10Gbps", attachPoint: DX_ATTACH_POINT };
    const badPattern = await c.cloud.send("CreateConnection", { ...base, bandwidth: "10 Gbps" });
    expect([badPattern.status, badPattern.data.__type]).to.deep.equal([400, "InterconnectValidationException"]);
    expect(badPattern.data.message)
      .to.match(/'bandwidth'/)
      .and.match(/10 Gbps/)
      .and.match(/pattern/);

    const twoMembers = await c.cloud.send("CreateConnection", {
      ...base,
      attachPoint: { ...DX_ATTACH_POINT, arn: "arn:aws:interconnect:us-east-1:111122223333:connection/lmcc-abcd1234" },
    });
    expect([twoMembers.status, twoMembers.data.__type]).to.deep.equal([400, "InterconnectValidationException"]);
    expect(twoMembers.data.message)
      .to.match(/attachPoint/)
      .and.match(/exactly one member/);

    const unknownMember = await c.cloud.send("CreateConnection", { ...base, colour: "blue" });
    expect(unknownMember.data.__type).to.equal("InterconnectValidationException");
    expect(unknownMember.data.message).to.match(/colour/);
    const missing = await c.cloud.send("GetConnection", {});
    expect(missing.data.message).to.match(/'identifier' is required/);

    const unsupported = await c.cloud.send("CreateConnection", { ...base, bandwidth: "3Gbps" });
    expect(unsupported.data.__type).to.equal("InterconnectValidationException");
    expect(unsupported.data.message).to.match(/supported: 1Gbps, 2Gbps/);
    const env = await c.cloud.send("CreateConnection", { ...base, environmentId: "eu-west-1:lon" });
    expect(env.data.message).to.match(/ListEnvironments offers: us-east-1:nyc, us-west-2:sjc/);
    const gw = await c.cloud.send("CreateConnection", {
      ...base,
      attachPoint: { directConnectGateway: "00000000-0000-0000-0000-000000000000" },
    });
    expect(gw.data.message).to.match(/ListAttachPoints/);
    const notFound = await c.cloud.send("GetConnection", { identifier: "lmcc-zzzzzzzz" });
    expect([notFound.status, notFound.data.__type]).to.deep.equal([404, "ResourceNotFoundException"]);

    const unknownOp = await c.cloud.send("Frobnicate", {});
    expect([unknownOp.status, unknownOp.data.__type]).to.deep.equal([400, "UnknownOperationException"]);
    const notJson = await c.cloud.send("ListEnvironments", {}, { rawBody: "{not json" });
    expect([notJson.status, notJson.data.__type]).to.deep.equal([400, "SerializationException"]);
    const wrongType = await c.cloud.send("ListEnvironments", {}, { contentType: "application/json" });
    expect([wrongType.status, wrongType.data.__type]).to.deep.equal([400, "SerializationException"]);
    expect(exchanges.find((r) => r.operation === "CreateConnection" && r.status === 400)?.request).to.deep.include({
      bandwidth: "10 Gbps",
    });
  });

  it("goes requested -> pending -> available after the partner accepts, and an arn attach point works", async () => {
    const created = await createCloudConnection(c, NYC, 1);
    expect(created.state).to.equal("requested");
    const accepted = await c.partner.post("/v1/connections", { activationKey: created.activationKey, site: "nyc-hq" });
    expect(accepted.status).to.equal(201);
    const states = new Set<string>();
    const done = await waitForCloudState(c, created.id, "available");
    states.add((await c.cloud.call("ListConnections", { state: "available" })).connections![0].state);
    expect(done.state).to.equal("available");
    const confirmed = await c.asPartnerAtCloud.get("/environments/us-east-1:nyc/interconnects"); // still reachable
    expect(confirmed.status).to.equal(200);
    expect([...states]).to.deep.equal(["available"]);

    const chained = await createCloudConnection(c, NYC, 1, null, { attachPoint: { arn: created.arn } });
    expect(chained.attachPoint).to.deep.equal({ arn: created.arn });
    const filtered = await c.cloud.call("ListConnections", { attachPoint: { arn: created.arn } });
    expect(filtered.connections?.map((x) => x.id)).to.deep.equal([chained.id]);
  });

  it("reports pending while the partner provisions", async () => {
    await em.stop();
    em = await startEmulator({ port: 0, provisioningDelayMs: 800 });
    c = customerClients(em);
    const created = await createCloudConnection(c, NYC, 1);
    await c.partner.post("/v1/connections", { activationKey: created.activationKey, site: "nyc-hq" });
    expect((await getCloudConnection(c, created.id)).state).to.equal("pending");
    await waitForCloudState(c, created.id, "available");
  });

  it("activates through the partner portal (admin) and reaches available", async () => {
    const created = await createCloudConnection(c, NYC, 5);
    const portal = await c.admin.post("/portal/activate", { activationKey: created.activationKey, site: "nyc-hq" });
    expect(portal.status).to.equal(201);
    expect(portal.data.ownerAccountId).to.equal(PARTNER_CUSTOMER_ACCOUNT);
    await waitForPartnerState(c, portal.data.id, "available");
    expect((await waitForCloudState(c, created.id, "available")).bandwidth).to.equal("5Gbps");
    const again = await c.admin.post("/portal/activate", { activationKey: created.activationKey, site: "nyc-hq" });
    expect(again.status).to.equal(409);
    const page = await c.partner.get("/portal/activate");
    expect(page.status).to.equal(200);
    expect(String(page.data)).to.match(/portal\/activate/);
  });

  it("accepts a partner's proposal: Describe, Accept -> available; a second Accept is refused", async () => {
    const proposal = await c.admin.post("/portal/proposals", { environment: NYC, bandwidthGbps: 2, site: "nyc-hq" });
    expect(proposal.status).to.equal(201);
    const { activationKey, partnerConnectionId } = proposal.data;
    const described = await c.cloud.call("DescribeConnectionProposal", { activationKey });
    expect(described).to.deep.equal({
      bandwidth: "2Gbps",
      environmentId: NYC,
      provider: { lastMileProvider: "Example Partner" },
      location: "New York",
    });
    expect((await c.partner.get(`/v1/connections/${partnerConnectionId}`)).data.state).to.equal("pending");

    const input = {
      activationKey,
      attachPoint: DX_ATTACH_POINT,
      description: "from the portal",
      tags: { src: "portal" },
      clientToken: "accept-1",
    };
    const first = await c.cloud.call("AcceptConnectionProposal", input);
    expect(first.connection).to.include({ state: "pending", bandwidth: "2Gbps", description: "from the portal" });
    const repeat = await c.cloud.call("AcceptConnectionProposal", input);
    expect(repeat.connection?.id).to.equal(first.connection?.id);
    await waitForPartnerState(c, partnerConnectionId, "available");
    const done = await waitForCloudState(c, first.connection!.id, "available");
    expect(done.sharedId).to.equal(proposal.data.sharedConnectionUuid);

    const second = await c.cloud.send("AcceptConnectionProposal", { ...input, clientToken: "accept-2" });
    expect([second.status, second.data.__type]).to.deep.equal([400, "InterconnectClientException"]);
    expect(second.data.message).to.match(/already accepted/);
    const garbage = await c.cloud.send("DescribeConnectionProposal", { activationKey: "bm90IGEga2V5" });
    expect(garbage.data.__type).to.equal("InterconnectValidationException");
    // A key the cloud issued is not a proposal: the partner refuses to confirm it.
    const own = await createCloudConnection(c, NYC, 1, null);
    const refused = await c.cloud.send("AcceptConnectionProposal", {
      activationKey: own.activationKey,
      attachPoint: DX_ATTACH_POINT,
    });
    expect([refused.status, refused.data.__type]).to.deep.equal([400, "InterconnectClientException"]);
    // A key meant for another account is refused before anything happens.
    const other = await createCloudConnection(c, NYC, 1);
    const denied = await c.cloud.send("AcceptConnectionProposal", {
      activationKey: other.activationKey,
      attachPoint: DX_ATTACH_POINT,
    });
    expect([denied.status, denied.data.__type]).to.deep.equal([403, "AccessDeniedException"]);
  });

  it("round-trips tags and enforces the 50-tag limit", async () => {
    const created = await createCloudConnection(c, NYC, 1, null, { tags: { a: "1" } });
    await c.cloud.call("TagResource", { arn: created.arn, tags: { b: "2", c: "3" } });
    await c.cloud.call("UntagResource", { arn: created.arn, tagKeys: ["a"] });
    expect((await c.cloud.call("ListTagsForResource", { arn: created.arn })).tags).to.deep.equal({ b: "2", c: "3" });
    expect((await getCloudConnection(c, created.id)).tags).to.deep.equal({ b: "2", c: "3" });
    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]));
    const tooMany = await c.cloud.send("TagResource", { arn: created.arn, tags: many });
    expect([tooMany.status, tooMany.data.__type]).to.deep.equal([400, "InterconnectValidationException"]);
    const missing = await c.cloud.send("ListTagsForResource", {
      arn: created.arn.replace(created.id, "lmcc-00000000"),
    });
    expect(missing.data.__type).to.equal("ResourceNotFoundException");
  });

  it("pages ListConnections with maxResults/nextToken and filters by state", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createCloudConnection(c, NYC, 1)).id);
    await c.cloud.call("DeleteConnection", { identifier: ids[0] });
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await c.cloud.call("ListConnections", { maxResults: 2, ...(nextToken ? { nextToken } : {}) });
      expect(page.connections!.length).to.be.at.most(2);
      seen.push(...page.connections!.map((x) => x.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).to.deep.equal(ids);
    const requested = await c.cloud.call("ListConnections", { state: "requested" });
    expect(requested.connections!.map((x) => x.id)).to.deep.equal(ids.slice(1));
    const tooBig = await c.cloud.send("ListConnections", { maxResults: 101 });
    expect(tooBig.data.__type).to.equal("InterconnectValidationException");
  });
});
