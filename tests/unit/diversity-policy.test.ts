import { expect } from "chai";
import { validatePolicy } from "../../provider/diversity";
import { DiversityDimensionSchema } from "../../schema/customer";

const DIMENSIONS = DiversityDimensionSchema.options.join(", ");

describe("diversity policy validation", () => {
  it("applies defaults: minLinks 4, maxConcurrentMaintenance 1, requireMacsec and requireConsistentBgpTimers true", () => {
    expect(validatePolicy({ distinct: ["conduit"] })).to.deep.equal({
      ok: true,
      policy: {
        minLinks: 4,
        distinct: ["conduit"],
        maxConcurrentMaintenance: 1,
        requireMacsec: true,
        requireConsistentBgpTimers: true,
      },
    });
  });

  it("keeps explicit values", () => {
    const policy = {
      minLinks: 2,
      distinct: ["device", "entrance"],
      maxConcurrentMaintenance: 0,
      requireMacsec: false,
      requireConsistentBgpTimers: false,
    };
    expect(validatePolicy(policy)).to.deep.equal({ ok: true, policy });
  });

  const rejected: { name: string; input: unknown; property: string; reason: RegExp }[] = [
    {
      name: "missing distinct",
      input: {},
      property: "distinct",
      reason: new RegExp(`distinct is required.*${DIMENSIONS}`),
    },
    {
      name: "empty distinct",
      input: { distinct: [] },
      property: "distinct",
      reason: /at least one dimension; allowed: device/,
    },
    {
      name: "distinct not a list",
      input: { distinct: "conduit" },
      property: "distinct",
      reason: /must be a list .*got "conduit"/,
    },
    {
      name: "unknown dimension",
      input: { distinct: ["rack"] },
      property: "distinct[0]",
      reason: new RegExp(`"rack" is not a dimension; allowed: ${DIMENSIONS}`),
    },
    {
      name: "duplicate dimension",
      input: { distinct: ["conduit", "device", "conduit"] },
      property: "distinct[2]",
      reason: /"conduit" more than once/,
    },
    {
      name: "fractional minLinks",
      input: { distinct: ["device"], minLinks: 2.5 },
      property: "minLinks",
      reason: /minLinks must be a whole number of at least 2 .*got 2.5/,
    },
    {
      name: "minLinks of one",
      input: { distinct: ["device"], minLinks: 1 },
      property: "minLinks",
      reason: /at least 2 .*got 1$/,
    },
    {
      name: "minLinks as text",
      input: { distinct: ["device"], minLinks: "4" },
      property: "minLinks",
      reason: /got "4"/,
    },
    {
      name: "negative maxConcurrentMaintenance",
      input: { distinct: ["device"], maxConcurrentMaintenance: -1 },
      property: "maxConcurrentMaintenance",
      reason: /at least 0 .*got -1/,
    },
    {
      name: "requireMacsec as text",
      input: { distinct: ["device"], requireMacsec: "yes" },
      property: "requireMacsec",
      reason: /true or false; got "yes"/,
    },
    {
      name: "misspelt field",
      input: { distinct: ["device"], minlinks: 3 },
      property: "minlinks",
      reason: /unknown policy field "minlinks"; allowed: minLinks, distinct/,
    },
    { name: "not an object", input: null, property: "", reason: /must be an object .*got null/ },
  ];
  for (const { name, input, property, reason } of rejected) {
    it(`rejects ${name} naming the field, the value and what is allowed`, () => {
      const result = validatePolicy(input);
      if (result.ok) expect.fail("expected the policy to be rejected");
      expect(result.failures).to.have.length(1);
      expect(result.failures[0].property).to.equal(property);
      expect(result.failures[0].reason).to.match(reason);
    });
  }
});
