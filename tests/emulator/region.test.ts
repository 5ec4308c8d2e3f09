// The region the emulator is started with: its AWS Interconnect endpoint offers only the environments that land in
// that region (ListEnvironments), and answers for another region's environment the way the AWS model says.
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createCloudConnection, customerClients, DX_ATTACH_POINT, type Clients } from "../support/clients";

const NYC = "us-east-1:nyc";
const SJC = "us-west-2:sjc";

describe("emulator: the region of the AWS Interconnect endpoint", () => {
  let em: RunningEmulator;
  let c: Clients;

  afterEach(() => em.stop());

  const environmentIds = async () =>
    ((await c.cloud.call("ListEnvironments", {})).environments ?? []).map((e) => e.environmentId);

  it("started with a region: only that region's environments, others are not found or refused naming the region", async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 20, region: "us-west-2" });
    c = customerClients(em);
    expect(em.region).to.equal("us-west-2");
    expect(await environmentIds()).to.deep.equal([SJC]);

    const get = await c.cloud.send("GetEnvironment", { id: NYC });
    expect([get.status, get.data.__type]).to.deep.equal([404, "ResourceNotFoundException"]);
    expect(get.data.message).to.match(/lands in us-east-1, not in us-west-2/);

    const input = { environmentId: NYC, bandwidth: "1Gbps", attachPoint: DX_ATTACH_POINT };
    const create = await c.cloud.send("CreateConnection", input);
    expect([create.status, create.data.__type]).to.deep.equal([400, "InterconnectValidationException"]);
    expect(create.data.message).to.match(/lands in us-east-1.*ListEnvironments offers: us-west-2:sjc$/);

    const proposal = (await c.admin.post("/portal/proposals", { environment: NYC, bandwidthGbps: 1, site: "nyc-hq" }))
      .data as { activationKey: string };
    const accept = await c.cloud.send("AcceptConnectionProposal", {
      activationKey: proposal.activationKey,
      attachPoint: DX_ATTACH_POINT,
    });
    expect([accept.status, accept.data.__type]).to.deep.equal([400, "InterconnectValidationException"]);

    const own = await createCloudConnection(c, SJC, 1);
    expect(own.arn).to.match(/^arn:aws:interconnect:us-west-2:/);
    expect((await c.cloud.call("GetEnvironment", { id: SJC })).environment?.environmentId).to.equal(SJC);
  });

  it("started without a region: us-east-1 signs, and the environments of every region are offered", async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 20 });
    c = customerClients(em);
    expect(em.region).to.equal("us-east-1");
    expect(await environmentIds()).to.deep.equal([NYC, SJC]);
  });
});
