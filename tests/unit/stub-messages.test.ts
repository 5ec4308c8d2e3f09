// Messages users read: check failures say "missing" or what was given (null, NaN and Infinity by name, secrets never),
// and a call that starts retrying says which endpoint failed, once, while it retries.
import { expect } from "chai";
import { z } from "zod";
import { progress, setProgressSink, subjectOf, withResourceUrn } from "../../provider/progress";
import { withRetries, type RetryableFailure } from "../../provider/clients/retry";
import { checkFailures } from "../../provider/common/validation";

const SCHEMA = z.object({
  site: z.string(),
  vlan: z.number().int(),
  activationKey: z.string(),
  o: z.object({ x: z.number() }),
});

describe("messages (validation and retries)", () => {
  it("missing, null, NaN and Infinity are named as such; no 'got a value … received null'", () => {
    const reasons = (inputs: unknown) => checkFailures(SCHEMA, inputs, ["activationKey"]).map((f) => f.reason);
    expect(reasons({})).to.deep.equal([
      "site: missing; must be a string",
      "vlan: missing; must be a number",
      "activationKey: missing; must be a string",
      "o: missing; must be an object",
    ]);
    expect(reasons({ site: null, vlan: NaN, activationKey: null, o: { x: Infinity } })).to.deep.equal([
      "site: got null; must be a string",
      "vlan: got NaN; must be a number",
      "activationKey: got null; must be a string",
      "o.x: got Infinity; must be a number",
    ]);
    const secret = reasons({ site: "s", vlan: 1, activationKey: 42, o: { x: 1 } });
    expect(secret).to.deep.equal(["activationKey: got a value; must be a string"]);
    for (const r of [...secret]) expect(r).not.to.match(/<nil>|received (null|undefined)/);
  });

  it("a failing endpoint is named once, with 'retrying', while the call retries", async () => {
    const lines: string[] = [];
    setProgressSink((line) => lines.push(line));
    try {
      let calls = 0;
      const error = new Error("connect ECONNREFUSED 127.0.0.1:9");
      const failure = Object.assign(error, { retryable: true }) as RetryableFailure;
      const result = await withRetries(
        { retries: 5, minDelayMs: 1, maxDelayMs: 2, maxElapsedMs: 5000 },
        async () => {
          if (++calls < 4) throw failure;
          return "ok";
        },
        (e) => e as RetryableFailure,
        { operation: "partner.getConnection", endpoint: "http://127.0.0.1:9/partner/v1/connections/pc-1" },
      );
      expect(result).to.equal("ok");
      expect(lines).to.deep.equal([
        "[interconnect] partner.getConnection: http://127.0.0.1:9/partner/v1/connections/pc-1 failed " +
          "(connect ECONNREFUSED 127.0.0.1:9); retrying for up to 5 s",
      ]);
    } finally {
      setProgressSink(undefined);
    }
  });

  it("lines are attached to the resource: by subject, or by the operation they happen in", async () => {
    const seen: [string, string | undefined][] = [];
    setProgressSink((line, urn) => seen.push([line, urn]));
    const urn = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:Interconnect::hq-primary";
    try {
      progress(subjectOf("Interconnect", urn, "nyc-hq", "pcon-1"), "partner accepted the activation key");
      await withResourceUrn(urn, async () => progress("partner.getConnection", "retrying"));
      progress("partner.getConnection", "outside any operation");
    } finally {
      setProgressSink(undefined);
    }
    expect(seen).to.deep.equal([
      ["[interconnect] Interconnect hq-primary (pcon-1): partner accepted the activation key", urn],
      ["[interconnect] partner.getConnection: retrying", urn],
      ["[interconnect] partner.getConnection: outside any operation", undefined],
    ]);
  });
});
