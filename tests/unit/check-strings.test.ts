// Preview refuses what `up` would refuse: ids and names that are blank, padded, control characters, emoji or absurdly
// long, and timeouts too short to finish anything — each named with what is allowed, with no API call.
import { expect } from "chai";
import { provider as activationKey } from "../../provider/activation-key/impl";
import { provider as interconnect } from "../../provider/interconnect/impl";
import { DX_GATEWAY, useTestSettings, useUnmatchedRequestLog } from "../support/fixtures";
import { encodeActivationKey } from "../../schema/aws";

const KEY = encodeActivationKey({
  version: 1,
  destinationEnvironmentUri: "providers/partner/environments/us-east-1:nyc",
  sharedConnectionUuid: "3f1e0c4a-2b7d-4e59-8a61-0c2d9b7e5f10",
  connectionSizeMbps: 10_000,
});
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:Interconnect::hq";

const BAD_NAMES: Record<string, string> = {
  "whitespace only": "   ",
  padded: " nyc-hq ",
  "a control character": "nyc\u0007hq",
  "an emoji": "nyc-hq-\u{1F680}",
  "10,000 characters": "x".repeat(10_000),
};

type Check = (olds: never, news: never) => Promise<{ failures?: { property: string; reason: string }[] }>;
const failuresOf = async (check: Check, news: Record<string, unknown>) =>
  (await check({} as never, news as never)).failures ?? [];

describe("check refuses unusable ids, names and timeouts at preview", () => {
  useTestSettings();
  const unmatched = useUnmatchedRequestLog();
  const keyInputs = { environmentId: "us-east-1:nyc", bandwidthGbps: 10, attachPoint: DX_GATEWAY, resourceUrn: URN };
  const icInputs = { activationKey: KEY, site: "nyc-hq", resourceUrn: URN };

  for (const [kind, value] of Object.entries(BAD_NAMES)) {
    it(`refuses ${kind} as ActivationKey.environmentId, Interconnect.site and Interconnect.adopt`, async () => {
      const cases: [Check, Record<string, unknown>, string][] = [
        [activationKey.check as Check, { ...keyInputs, environmentId: value }, "environmentId"],
        [interconnect.check as Check, { ...icInputs, site: value }, "site"],
        [interconnect.check as Check, { ...icInputs, adopt: value }, "adopt"],
      ];
      for (const [check, news, field] of cases) {
        const failures = await failuresOf(check, news);
        expect(
          failures.map((f) => f.property),
          `${field} = ${kind}`,
        ).to.deep.equal([field]);
        expect(failures[0].reason).to.match(new RegExp(`^${field}: got .*; must be`));
      }
      expect(unmatched).to.deep.equal([]);
    });
  }

  it("accepts the ids and names the emulator and AWS use", async () => {
    expect(await failuresOf(activationKey.check as Check, keyInputs)).to.deep.equal([]);
    expect(await failuresOf(interconnect.check as Check, { ...icInputs, adopt: "pcon-0a1b2c3d" })).to.deep.equal([]);
  });

  it('refuses timeouts shorter than 1s ("0s") and names the minimum', async () => {
    for (const [check, news] of [
      [activationKey.check as Check, { ...keyInputs, timeouts: { create: "0s" } }],
      [interconnect.check as Check, { ...icInputs, timeouts: { create: "500ms" } }],
    ] as const) {
      const failures = await failuresOf(check, news);
      expect(failures.map((f) => f.reason)).to.deep.equal([
        `timeouts.create: got ${JSON.stringify(news.timeouts.create)}; must be at least 1s`,
      ]);
    }
  });
});
