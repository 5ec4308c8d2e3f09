import { expect } from "chai";
import { z } from "zod";
import { defineResource, withDefaults } from "../../provider/common/resource-kit";
import { resourceSchema } from "../../provider/common/schema-docs";
import { provider as interconnect } from "../../provider/interconnect/impl";

const Inputs = z.object({
  name: z.string().min(1, "must not be empty").describe("name"),
  mode: z.enum(["a", "b"]).default("a").describe("mode"),
  size: z.number().optional().describe("size"),
  resourceUrn: z.string(),
});
type TestInputs = z.output<typeof Inputs>;
const schema = resourceSchema({
  type: "Thing",
  summary: "A thing.",
  inputs: Inputs,
  outputs: z.object({}),
  changes: { replace: ["name"], update: ["size"], providerOnly: ["mode"] },
});
const unused = () => Promise.reject(new Error("not called"));

describe("resource kit (provider/common/resource-kit.ts)", () => {
  const kit = defineResource<TestInputs, TestInputs, typeof Inputs>({
    schema,
    namedBy: "name",
    extraChecks: (olds, inputs) =>
      olds.size !== undefined && inputs.size !== undefined && inputs.size < olds.size
        ? [{ property: "size", reason: "size: may only grow" }]
        : [],
    create: unused,
    read: unused,
    update: unused,
    delete: unused,
  });

  it("fills the schema's defaults, and only where an argument is left out", () => {
    expect(withDefaults(Inputs, { name: "x" })).to.deep.equal({ name: "x", mode: "a" });
    expect(withDefaults(Inputs, { name: "x", mode: "b" })).to.deep.equal({ name: "x", mode: "b" });
  });

  it("checks the schema, then the resource's own rules, and returns the defaulted inputs", async () => {
    const urn = "urn:pulumi:dev::p::t::thing-1";
    const ok = await kit.provider.check!({} as TestInputs, { name: "x", resourceUrn: urn } as TestInputs);
    expect(ok).to.deep.equal({ inputs: { name: "x", mode: "a", resourceUrn: urn }, failures: [] });
    const bad = await kit.provider.check!(
      { size: 5 } as TestInputs,
      { name: "", size: 3, resourceUrn: urn } as TestInputs,
    );
    expect(bad.failures?.map((f) => f.property)).to.deep.equal(["name", "size"]);
  });

  it("diffs by the schema's change rules", async () => {
    const olds = { name: "x", mode: "a", size: 1, resourceUrn: "u" } as const;
    expect(await kit.provider.diff!("id", olds, { ...olds, size: 2 })).to.include({ changes: true });
    expect((await kit.provider.diff!("id", olds, { ...olds, name: "y" })).replaces).to.deep.equal(["name"]);
    expect(await kit.provider.diff!("id", olds, olds)).to.include({ changes: false });
  });

  it("names the resource by its URN, else by the argument it is named by", () => {
    expect(kit.subject({ resourceUrn: "urn:pulumi:dev::p::t::thing-1" }, "id-1")).to.equal("Thing thing-1 (id-1)");
    expect(kit.subject({ name: "x" })).to.equal("Thing x");
  });

  it("Interconnect: the defaults its schema declares are what check fills in", async () => {
    const { inputs } = await interconnect.check!({} as never, { resourceUrn: "urn:pulumi:dev::p::t::ic" } as never);
    expect(inputs).to.include({ macsec: "required", waitFor: "verified", maxBandwidthStepTiers: 2 });
  });
});
