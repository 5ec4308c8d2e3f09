// The idempotency token rules of provider/common/lifecycle.ts, shared by every create: a token stands for exactly the
// request it is sent with, so the same request gets the same token and any member changed gets another one.
import { expect } from "chai";
import { clientToken, createWithFreshToken, isOurClientToken, requestIdentity } from "../../provider/common/lifecycle";

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:ActivationKey::key";
const request = {
  environmentId: "us-east-1:nyc",
  bandwidth: "10Gbps",
  attachPoint: { directConnectGateway: "dxgw-1" },
  remoteAccount: { identifier: "partner-acct-1" },
  description: "hq",
  tags: { team: "net", owner: "noc" },
};

describe("client tokens", () => {
  it("are deterministic: the same URN and request, the same token", () => {
    expect(clientToken(URN, request, 0))
      .to.equal(clientToken(URN, structuredClone(request), 0))
      .and.match(/^pulumi-[0-9a-f]{40}-0$/);
  });

  it("ignore the order of object keys, at any depth (tags in another order are the same request)", () => {
    const reordered = {
      tags: { owner: "noc", team: "net" },
      description: "hq",
      remoteAccount: { identifier: "partner-acct-1" },
      attachPoint: { directConnectGateway: "dxgw-1" },
      bandwidth: "10Gbps",
      environmentId: "us-east-1:nyc",
    };
    expect(requestIdentity(reordered)).to.equal(requestIdentity(request));
    expect(clientToken(URN, reordered, 0)).to.equal(clientToken(URN, request, 0));
  });

  it("change when any member sent changes, is added or is left out", () => {
    const variants: Record<string, object> = {
      description: { ...request, description: "hq2" },
      "no description": { ...request, description: undefined },
      "a tag's value": { ...request, tags: { team: "net", owner: "ops" } },
      "a tag more": { ...request, tags: { ...request.tags, cost: "42" } },
      "no tags": { ...request, tags: undefined },
      "empty tags (sent as {}, which a server compares as other input than none)": { ...request, tags: {} },
      bandwidth: { ...request, bandwidth: "5Gbps" },
      "a nested member": { ...request, remoteAccount: { identifier: "partner-acct-2" } },
      "a new member": { ...request, macsec: "required" },
    };
    const base = clientToken(URN, request, 0);
    const tokens = Object.entries(variants).map(([name, variant]) => [name, clientToken(URN, variant, 0)]);
    expect(tokens.filter(([, token]) => token === base).map(([name]) => name)).to.deep.equal([]);
    expect(new Set(tokens.map(([, token]) => token)).size, "every variant has its own token").to.equal(tokens.length);
    expect(clientToken(`${URN}2`, request, 0), "another resource").not.to.equal(base);
  });

  it("treat an undefined member as absent, as the wire does, and leave a clientToken member out", () => {
    const { description: _description, ...withoutDescription } = request;
    expect(clientToken(URN, { ...withoutDescription, description: undefined }, 0)).to.equal(
      clientToken(URN, withoutDescription, 0),
    );
    expect(clientToken(URN, { ...request, clientToken: "pulumi-earlier-0" }, 0)).to.equal(clientToken(URN, request, 0));
  });

  it("are recognised as ours for the same request in any generation, and not for other input", () => {
    expect(isOurClientToken(clientToken(URN, request, 3), URN, request)).to.equal(true);
    expect(isOurClientToken(clientToken(URN, { ...request, description: "x" }, 0), URN, request)).to.equal(false);
    expect(isOurClientToken(undefined, URN, request)).to.equal(false);
  });

  it("createWithFreshToken sends the request with its token, the next generation only after a deleted answer", async () => {
    const sent: Record<string, unknown>[] = [];
    const created = await createWithFreshToken("test", URN, request, async (body) => {
      sent.push(body);
      return { id: `c-${sent.length}`, state: sent.length === 1 ? "deleted" : "requested" };
    });
    expect(created.id).to.equal("c-2");
    expect(sent.map(({ clientToken: _token, ...rest }) => rest)).to.deep.equal([request, request]);
    expect(sent.map((body) => body.clientToken)).to.deep.equal([
      clientToken(URN, request, 0),
      clientToken(URN, request, 1),
    ]);
  });
});
