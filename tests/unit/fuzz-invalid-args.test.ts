// Fuzzed bad input: fast-check generates invalid argument sets for the three resources (wrong tiers,
// wrong types, empty strings, bad enums, bad durations, bad policies, ...) by breaking one to three fields of a valid
// set. Each provider's check must refuse every set with a failure that names each broken field and gives a reason,
// must never echo the activation key, and must make 0 HTTP requests. A handful of sets then go through a real
// `pulumi preview` against the emulator, which must see 0 API calls.
import { expect } from "chai";
import fc from "fast-check";
import nock from "nock";
import type * as pulumi from "@pulumi/pulumi";
import { provider as activationKey } from "../../provider/activation-key/impl";
import { provider as interconnect } from "../../provider/interconnect/impl";
import { provider as redundantLinkGroup } from "../../provider/redundant-link-group/impl";
import { isDuration } from "../../provider/common/duration";
import { resetConnectionSettings, setConnectionSettings } from "../../provider/settings";
import { BANDWIDTH_TIERS_GBPS } from "../../schema/aws";
import { startEmulator } from "../../emulator/server";
import { createTestStack } from "../support/engine";
import { adminStats, providerEnv } from "../support/emulator";
import { encodeKey } from "../support/fixtures";
import { DiversityDimensionSchema } from "../../schema/customer";

type Args = Record<string, unknown>;
type Provider = pulumi.dynamic.ResourceProvider;

const URN = (type: string) => `urn:pulumi:fuzz::fuzz::pulumi-nodejs:dynamic/interconnect:${type}::fuzz`;
const KEY = encodeKey(10);

const VALID: Record<string, () => Args> = {
  ActivationKey: () => ({
    environmentId: "us-east-1-nyc",
    bandwidthGbps: 10,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
    description: "fuzz",
    tags: { team: "net" },
    waitFor: "requested",
    timeouts: { create: "20m" },
    resourceUrn: URN("ActivationKey"),
  }),
  Interconnect: () => ({
    activationKey: KEY,
    site: "nyc-hq",
    bandwidthGbps: 10,
    macsec: "required",
    waitFor: "verified",
    timeouts: { create: "20m" },
    diversity: ["device"],
    maxBandwidthStepTiers: 2,
    priceTable: { "10": 1200 },
    resourceUrn: URN("Interconnect"),
  }),
  RedundantLinkGroup: () => ({
    interconnects: ["pcon-1", "pcon-2"],
    names: ["primary", "secondary"],
    policy: { minLinks: 4, distinct: ["device", "conduit"], maxConcurrentMaintenance: 1, requireMacsec: true },
    enforcement: "reconcile",
    siteEntrances: { "nyc-hq": ["nyc-hq-north", "nyc-hq-south"] },
    resourceUrn: URN("RedundantLinkGroup"),
  }),
};

const PROVIDERS: Record<string, Provider> = {
  ActivationKey: activationKey as Provider,
  Interconnect: interconnect as Provider,
  RedundantLinkGroup: redundantLinkGroup as Provider,
};

// ---- invalid values ------------------------------------------------------------------------------------------------

const MISSING = fc.constant(undefined);
/** Not a string (null is left out for fields the provider defaults: null means "not given" there). */
const notString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.constant({}),
);
const notStringOrNull = fc.oneof(notString, fc.constant(null));
const emptyString = fc.constantFrom("", "");
const badString = fc.oneof(emptyString, notStringOrNull, MISSING); // for required non-empty strings
const badTier = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).filter((n) => !(BANDWIDTH_TIERS_GBPS as readonly number[]).includes(n)),
  fc.double({ min: 0.01, max: 99.99, noNaN: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom("10", "ten", "", "100G"),
  fc.constant(null),
  fc.boolean(),
);
const badEnum = (allowed: readonly string[]) =>
  fc.oneof(
    fc.string({ maxLength: 12 }).filter((s) => !allowed.includes(s)),
    fc.constantFrom(...allowed.map((a) => a.toUpperCase()), ...allowed.map((a) => ` ${a}`)),
    notString,
  );
const badDuration = fc.oneof(
  fc.string({ maxLength: 8 }).filter((s) => !isDuration(s)),
  fc.constantFrom("30", "5 m", "1d", "-5s", "", "1h 30m", "m5", "30S"),
  notStringOrNull,
);
const badBoolean = fc.oneof(fc.constantFrom("true", "yes", 1, 0, "false"), fc.integer());

const badPolicy = fc.oneof(
  MISSING,
  fc.constantFrom("strict", 4, null, [], true),
  fc.constant({ distinct: [] }),
  fc.constant({}),
  badEnum(DiversityDimensionSchema.options).map((d) => ({ distinct: [d] })),
  fc.constant({ distinct: ["device", "device"] }),
  fc
    .oneof(
      fc.integer({ max: 1 }),
      fc.double({ min: 2.1, max: 9.9, noNaN: true }).filter((n) => !Number.isInteger(n)),
      fc.constant("4"),
    )
    .map((minLinks) => ({ distinct: ["device"], minLinks })),
  fc
    .oneof(fc.integer({ max: -1 }), fc.constant("1"))
    .map((maxConcurrentMaintenance) => ({ distinct: ["device"], maxConcurrentMaintenance })),
  badBoolean.map((requireMacsec) => ({ distinct: ["device"], requireMacsec })),
  fc.constantFrom("colour", "min_links", "Distinct").map((key) => ({ distinct: ["device"], [key]: "red" })),
);

/** Per resource, per field: values that must be refused. */
const INVALID: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  ActivationKey: {
    environmentId: fc.oneof(
      badString,
      fc.constantFrom("   ", "\t"),
      fc.string({ minLength: 65, maxLength: 80 }).filter((s) => s.trim().length > 64),
    ),
    bandwidthGbps: fc.oneof(badTier, MISSING),
    attachPoint: fc.oneof(
      badString,
      fc.constantFrom("dxgw-0123abcd", "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1", "5f0e5c1a"),
    ),
    remoteAccount: fc.oneof(emptyString, notStringOrNull, fc.constantFrom("has space", "bad!", "a/b")),
    description: fc.oneof(
      fc.string({ minLength: 256, maxLength: 400 }),
      fc.constantFrom("no/slash", "dots.", ""),
      notStringOrNull,
    ),
    tags: fc.oneof(
      fc.constant(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))),
      fc.constant({ ["k".repeat(129)]: "v" }),
      fc.constant({ team: "v".repeat(257) }),
      fc.constantFrom("team=net", 5, ["a"]),
    ),
    waitFor: badEnum(["requested", "available"]),
    timeouts: fc.oneof(
      badDuration.map((create) => ({ create })),
      fc.constantFrom("30m", 30, [], true),
    ),
    resourceUrn: badString,
  },
  Interconnect: {
    activationKey: fc.oneof(
      badString,
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.constant(Buffer.from('{"version":1}').toString("base64")),
    ),
    site: badString,
    bandwidthGbps: badTier,
    macsec: badEnum(["required", "preferred", "off"]),
    waitFor: badEnum(["verified", "accepted"]),
    timeouts: fc.oneof(
      badDuration.map((create) => ({ create })),
      badDuration.map((d) => ({ update: "30m", delete: d })),
      fc.constant({ create: "30m", creation: "30m" }),
      fc.constantFrom("30m", 30, [], true),
    ),
    adopt: fc.oneof(emptyString, notStringOrNull),
    diversity: fc.oneof(
      badEnum(DiversityDimensionSchema.options).map((d) => ["device", d]),
      fc.constantFrom("device", 1, {}, true),
    ),
    allowLargeBandwidthStep: badBoolean,
    maxBandwidthStepTiers: fc.oneof(
      fc.integer({ max: 0 }),
      fc.double({ min: 1.1, max: 5.9, noNaN: true }).filter((n) => !Number.isInteger(n)),
      fc.constantFrom("2", true),
    ),
    priceTable: fc.oneof(
      fc
        .integer({ min: 3, max: 120 })
        .filter((n) => !(BANDWIDTH_TIERS_GBPS as readonly number[]).includes(n))
        .map((tier) => ({ [String(tier)]: 100 })),
      fc.integer({ max: -1 }).map((price) => ({ "10": price })),
      fc.constantFrom({ "10": "cheap" }, "cheap", 5, [1200]),
    ),
    resourceUrn: badString,
  },
  RedundantLinkGroup: {
    interconnects: fc.oneof(fc.constantFrom([], "pcon-1", [""], [1, 2], ["pcon-1", "pcon-1"], null, {}), MISSING),
    // Intrinsically invalid only: a count that does not match the interconnects cannot be judged when those are broken too.
    names: fc.constantFrom([""], "primary", [1, 2], ["primary", ""], {}),
    policy: badPolicy,
    enforcement: badEnum(["reconcile", "fail", "warn"]),
    siteEntrances: fc.constantFrom(
      { "nyc-hq": [] },
      { "nyc-hq": [""] },
      { "nyc-hq": "north" },
      "nyc-hq",
      ["nyc-hq"],
      3,
    ),
    resourceUrn: badString,
  },
};

interface Case {
  kind: string;
  fields: string[];
  args: Args;
}

/** One to three broken fields of one resource's valid argument set. */
const invalidCase = (kind: string): fc.Arbitrary<Case> =>
  fc.uniqueArray(fc.constantFrom(...Object.keys(INVALID[kind])), { minLength: 1, maxLength: 3 }).chain((fields) =>
    fc.tuple(...fields.map((field) => INVALID[kind][field])).map((values) => {
      const args = VALID[kind]();
      fields.forEach((field, i) => (values[i] === undefined ? delete args[field] : (args[field] = values[i])));
      return { kind, fields, args };
    }),
  );

const anyCase = fc.oneof(invalidCase("ActivationKey"), invalidCase("Interconnect"), invalidCase("RedundantLinkGroup"));

const names = (failure: pulumi.dynamic.CheckFailure, field: string) =>
  failure.property === field || failure.property.startsWith(`${field}.`) || failure.property.startsWith(`${field}[`);

describe("fuzzed invalid arguments: check refuses them, naming the field, with 0 HTTP requests", () => {
  let requests = 0;
  const onNoMatch = () => requests++;

  before(() => {
    nock.disableNetConnect();
    nock.emitter.on("no match", onNoMatch);
    // If check ever called an API it would go here, and nock would count and refuse it.
    setConnectionSettings({
      cloudEndpoint: "http://cloud.fuzz.test/aws",
      region: "us-east-1",
      awsCredentials: { accessKeyId: "AKIAFUZZ", secretAccessKey: "fuzz" },
      partnerEndpoint: "http://partner.fuzz.test/partner",
      partnerToken: "t",
    });
  });
  after(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    nock.enableNetConnect();
    nock.cleanAll();
    resetConnectionSettings();
  });

  it("accepts the valid base argument sets (so every refusal below is caused by the broken fields)", async () => {
    for (const [kind, make] of Object.entries(VALID)) {
      const result = await PROVIDERS[kind].check!({}, make());
      expect(result.failures ?? [], kind).to.deep.equal([]);
    }
  });

  it("refuses >= 200 generated invalid argument sets", async () => {
    const seen: Record<string, number> = { ActivationKey: 0, Interconnect: 0, RedundantLinkGroup: 0 };
    await fc.assert(
      fc.asyncProperty(anyCase, async ({ kind, fields, args }) => {
        seen[kind]++;
        const result = await PROVIDERS[kind].check!({}, args);
        const failures = result.failures ?? [];
        const context = `${kind} ${JSON.stringify(args)} -> ${JSON.stringify(failures)}`;
        expect(failures, context).to.not.be.empty;
        for (const failure of failures) {
          expect(failure.property, context).to.be.a("string").and.not.equal("");
          expect(failure.reason, context).to.be.a("string").and.have.length.greaterThan(5);
        }
        for (const field of fields) {
          expect(
            failures.some((f) => names(f, field)),
            `${field} is not named: ${context}`,
          ).to.equal(true);
        }
        // The activation key is secret: no failure may echo it.
        if (typeof args.activationKey === "string" && args.activationKey.length >= 8) {
          for (const f of failures) expect(f.reason, context).to.not.include(args.activationKey);
        }
      }),
      { numRuns: 450, seed: Number(process.env.FUZZ_SEED) || undefined },
    );
    console.log(`      (${JSON.stringify(seen)})`);
    expect(seen.ActivationKey + seen.Interconnect + seen.RedundantLinkGroup).to.be.at.least(200);
    expect(Math.min(...Object.values(seen))).to.be.at.least(50);
    expect(requests, "HTTP requests made by check").to.equal(0);
  });
});

describe("fuzzed invalid arguments through a real `pulumi preview`", function () {
  this.timeout(5 * 60_000);

  it("refuses 5 generated sets on the engine with 0 API calls at the emulator", async () => {
    // resourceUrn is set by the resource classes, not by users: keep sets whose broken fields a program can write.
    const samples = fc
      .sample(fc.oneof(...Object.keys(INVALID).map(invalidCase)), { numRuns: 40, seed: 7 })
      .filter((s) => !s.fields.includes("resourceUrn"))
      .slice(0, 5);
    const emulator = await startEmulator({ port: 0 });
    const stack = await createTestStack("tests/e2e/programs/invalid-args", {
      stackName: `e2e-invalid-${process.pid}`,
      env: providerEnv(emulator),
    });
    try {
      expect(samples).to.have.length(5);
      console.log(`      (${samples.map((s) => `${s.kind}: ${s.fields.join("+")}`).join("; ")})`);
      // One preview per set: the engine stops a preview at the first resource whose check fails.
      for (const [i, { kind, fields, args }] of samples.entries()) {
        const userArgs = Object.fromEntries(Object.entries(args).filter(([k]) => k !== "resourceUrn"));
        await stack.setConfig("cases", JSON.stringify([{ kind, args: userArgs }]));
        let output = "";
        let failed = false;
        await stack.stack.preview({ onOutput: (text) => (output += text) }).catch((e: Error) => {
          failed = true;
          output += `\n${e.message}`;
        });
        expect(failed, `preview of set ${i} should fail:\n${output}`).to.equal(true);
        const problems = [...output.matchAll(/resource 'invalid-0': property (\S+) value .* has a problem/g)].map(
          (m) => m[1],
        );
        for (const field of fields) {
          expect(
            problems.some((p) => p === field || p.startsWith(`${field}.`)),
            `${kind} ${field} reported:\n${output}`,
          ).to.equal(true);
        }
      }
      const stats = await adminStats(emulator);
      expect(stats.total, `API calls during preview: ${JSON.stringify(stats.byOperation)}`).to.equal(0);
    } finally {
      await stack.dispose().catch(() => undefined);
      await emulator.stop();
    }
  });
});
