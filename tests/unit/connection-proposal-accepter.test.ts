import { expect } from "chai";
import nock from "nock";
import { provider as rawProvider } from "../../provider/connection-proposal-accepter/impl";
import type {
  ConnectionProposalAccepterInputs,
  ConnectionProposalAccepterState,
} from "../../provider/connection-proposal-accepter/schema";
import { ResourceInitError, clientToken } from "../../provider/common/lifecycle";
import {
  DX_GATEWAY,
  ENVIRONMENT_ID,
  aws,
  awsConnection,
  awsError,
  encodeKey,
  rejection,
  sentToAws,
  useTestSettings,
  useUnmatchedRequestLog,
} from "../support/fixtures";

const provider = rawProvider as Required<typeof rawProvider>;
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:ConnectionProposalAccepter::acc";
const ID = "lmcc-abcd1234";
const KEY = encodeKey(10);
const inputs = (overrides: Partial<ConnectionProposalAccepterInputs> = {}): ConnectionProposalAccepterInputs => ({
  activationKey: KEY,
  attachPoint: DX_GATEWAY,
  waitFor: "pending",
  resourceUrn: URN,
  ...overrides,
});
const proposal = {
  bandwidth: "10Gbps",
  environmentId: ENVIRONMENT_ID,
  provider: { lastMileProvider: "Equinix" },
  location: "New York NY5",
};

describe("ConnectionProposalAccepter provider", () => {
  const progress = useTestSettings();
  const unmatched = useUnmatchedRequestLog();

  it("check refuses a bad key, attach point and waitFor without echoing the key or calling the API", async () => {
    const result = await provider.check(
      {} as never,
      inputs({ activationKey: "", attachPoint: "dxgw-1", waitFor: "verified" as never }),
    );
    expect(result.failures!.map((f) => f.property).sort()).to.deep.equal(["activationKey", "attachPoint", "waitFor"]);
    const long = "k".repeat(2049);
    const tooLong = await provider.check({} as never, inputs({ activationKey: long }));
    expect(JSON.stringify(tooLong.failures)).to.contain("1 to 2048").and.not.contain(long);
    expect((await provider.check({} as never, { ...inputs(), waitFor: undefined } as never)).inputs).to.include({
      waitFor: "pending",
    });
    expect(unmatched).to.deep.equal([]);
  });

  it("check refuses a partner key of a version it does not read, before any API call", async () => {
    const result = await provider.check({} as never, inputs({ activationKey: encodeKey(10, undefined, 3) }));
    expect(
      result.failures?.map((f) => [f.property, f.reason.includes("key version 3 is not supported")]),
    ).to.deep.equal([["activationKey", true]]);
    expect(unmatched).to.deep.equal([]);
  });

  it("diff: a key for another connection or a new attach point replaces; description and tags update in place", async () => {
    const olds = { ...inputs(), connectionId: ID } as ConnectionProposalAccepterState;
    expect(
      (await provider.diff(ID, olds, inputs({ activationKey: encodeKey(10, "0a1c1c4e-1b7e-4c55-9a43-2a1f0d9b7c11") })))
        .replaces,
    ).to.deep.equal(["activationKey"]);
    expect((await provider.diff(ID, olds, inputs({ attachPoint: awsConnection().arn }))).replaces).to.deep.equal([
      "attachPoint",
    ]);
    expect(await provider.diff(ID, olds, inputs({ description: "x", tags: { a: "b" } }))).to.deep.equal({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff(ID, olds, inputs())).to.deep.equal({ changes: false, replaces: [] });
  });

  it("create describes the proposal, accepts it with a URN token and waits for pending", async () => {
    aws("DescribeConnectionProposal", { activationKey: KEY }).reply(200, proposal);
    aws("AcceptConnectionProposal").reply(200, { connection: awsConnection({ state: "requested" }) });
    aws("ListTagsForResource").reply(200, { tags: { team: "net" } });
    aws("GetConnection", { identifier: ID }).reply(200, { connection: awsConnection({ state: "pending" }) });
    const result = await provider.create(inputs({ description: "from partner", tags: { team: "net" } }));
    expect(result.id).to.equal(ID);
    expect(result.outs).to.include({
      state: "pending",
      bandwidthGbps: 10,
      environmentId: ENVIRONMENT_ID,
      provider: "Equinix",
    });
    const body = sentToAws.find((s) => s.operation === "AcceptConnectionProposal")!.body;
    expect(body).to.deep.equal({
      activationKey: KEY,
      attachPoint: { directConnectGateway: DX_GATEWAY },
      description: "from partner",
      tags: { team: "net" },
      clientToken: body.clientToken,
    });
    expect(body.clientToken).to.match(/^pulumi-[0-9a-f]{40}-0$/);
    const lines = progress.lines.join("\n");
    expect(lines).to.contain(ENVIRONMENT_ID).and.contain("New York NY5").and.contain("10Gbps");
    expect(lines).not.to.contain(KEY);
  });

  it("derives the accept's token from every member sent: description, tags, key change it, tag order does not", async () => {
    const variants = [
      inputs({ description: "from partner", tags: { team: "net", owner: "noc" } }),
      inputs({ description: "from partner", tags: { owner: "noc", team: "net" } }),
      inputs({ description: "edited", tags: { team: "net", owner: "noc" } }),
      inputs({ description: "from partner", tags: { team: "net" } }),
      inputs({ description: "from partner" }),
      inputs({ description: "from partner", tags: { team: "net", owner: "noc" }, activationKey: encodeKey(5) }),
    ];
    aws("DescribeConnectionProposal").times(variants.length).reply(200, proposal);
    aws("AcceptConnectionProposal")
      .times(variants.length)
      .reply(200, { connection: awsConnection({ state: "pending" }) });
    aws("ListTagsForResource").times(5).reply(200, { tags: {} });
    for (const variant of variants) await provider.create(variant);
    const bodies = sentToAws.filter((s) => s.operation === "AcceptConnectionProposal").map((s) => s.body);
    // Each token stands for exactly the body it came with.
    expect(bodies.map((b) => b.clientToken)).to.deep.equal(bodies.map((b) => clientToken(URN, b, 0)));
    const [first, reordered, ...edited] = bodies.map((b) => b.clientToken);
    expect(reordered, "tags in another order").to.equal(first);
    expect(new Set([first, ...edited]).size, "a token per edited request").to.equal(edited.length + 1);
    expect(progress.lines.join("\n")).not.to.contain(KEY);
  });

  it("waitFor available: a timeout keeps the connection, the next update resumes", async () => {
    aws("DescribeConnectionProposal").reply(200, proposal);
    aws("AcceptConnectionProposal").reply(200, { connection: awsConnection({ state: "pending" }) });
    aws("GetConnection")
      .times(20)
      .reply(200, { connection: awsConnection({ state: "pending" }) });
    const e = await rejection(provider.create(inputs({ waitFor: "available", timeouts: { create: "200ms" } })));
    expect(e).to.be.instanceOf(ResourceInitError).and.include({ id: ID });
    nock.cleanAll();
    aws("GetConnection").reply(200, { connection: awsConnection({ state: "available" }) });
    const olds = (e as ResourceInitError).properties as unknown as ConnectionProposalAccepterState;
    expect((await provider.update(ID, olds, inputs({ waitFor: "available" }))).outs!.state).to.equal("available");
  });

  it("refusals of the key surface as typed errors without the key", async () => {
    aws("DescribeConnectionProposal").reply(400, awsError("InterconnectValidationException", `invalid key ${KEY}`));
    const e = await rejection(provider.create(inputs()));
    expect(e.message).to.contain("AWS refused the request").and.not.contain(KEY);
  });

  it("delete calls DeleteConnection and waits until deleted", async () => {
    aws("DeleteConnection", { identifier: ID }).reply(200, { connection: awsConnection({ state: "deleting" }) });
    aws("GetConnection").reply(200, { connection: awsConnection({ state: "deleted" }) });
    await provider.delete(ID, { ...inputs(), connectionId: ID } as ConnectionProposalAccepterState);
  });

  it("read treats ResourceNotFoundException as gone", async () => {
    aws("GetConnection").reply(404, awsError("ResourceNotFoundException"));
    expect(await provider.read(ID, { ...inputs(), connectionId: ID } as ConnectionProposalAccepterState)).to.deep.equal(
      {},
    );
  });
});
