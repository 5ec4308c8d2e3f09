// diffByRules: the diff every resource derives from its schema's change rules (provider/common/diff.ts).
import { expect } from "chai";
import { diffByRules, sameSharedConnection } from "../../provider/common/diff";
import { encodeActivationKey } from "../../schema/aws";
import { UNKNOWN } from "../../provider/common/validation";

type Arg = "site" | "size" | "tags" | "waitFor";
const RULES = { replace: ["site"], update: ["size", "tags"], providerOnly: ["waitFor"] } as const;
const olds = { site: "nyc", size: 10, tags: { a: "1", b: "2" }, waitFor: "verified" };

describe("diffByRules", () => {
  it("no change: equal values, map key order ignored, an empty map the same as none", () => {
    expect(diffByRules<Arg>(RULES, olds, { ...olds, tags: { b: "2", a: "1" } })).to.deep.equal({
      changes: false,
      replaces: [],
    });
    expect(diffByRules<Arg>(RULES, { ...olds, tags: {} }, { ...olds, tags: undefined })).to.deep.equal({
      changes: false,
      replaces: [],
    });
  });

  it("an update or a provider-only change changes in place; a replace rule replaces", () => {
    expect(diffByRules<Arg>(RULES, olds, { ...olds, size: 25 })).to.deep.equal({ changes: true, replaces: [] });
    expect(diffByRules<Arg>(RULES, olds, { ...olds, waitFor: "accepted" })).to.deep.equal({
      changes: true,
      replaces: [],
    });
    expect(diffByRules<Arg>(RULES, olds, { ...olds, site: "sjc", size: 25 })).to.deep.equal({
      changes: true,
      replaces: ["site"],
    });
  });

  it("sameValue makes a difference no change; sameObject keeps a changed value in place", () => {
    const news = { ...olds, site: "NYC" };
    const caseless = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();
    expect(diffByRules<Arg>(RULES, olds, news, { sameValue: { site: caseless } })).to.deep.equal({
      changes: false,
      replaces: [],
    });
    expect(diffByRules<Arg>(RULES, olds, news, { sameObject: { site: caseless } })).to.deep.equal({
      changes: true,
      replaces: [],
    });
  });

  it("deleteBeforeReplace is said only by rules that ask for it, and only when something is replaced", () => {
    const rules = { ...RULES, deleteBeforeReplace: true } as const;
    expect(diffByRules<Arg>(rules, olds, { ...olds, site: "sjc" })).to.deep.include({ deleteBeforeReplace: true });
    expect(diffByRules<Arg>(rules, olds, { ...olds, size: 25 })).to.deep.include({ deleteBeforeReplace: false });
    expect(diffByRules<Arg>(RULES, olds, { ...olds, site: "sjc" })).not.to.have.property("deleteBeforeReplace");
  });
});

describe("sameSharedConnection", () => {
  const key = (sharedConnectionUuid: string, connectionSizeMbps: number) =>
    encodeActivationKey({
      version: 1,
      destinationEnvironmentUri: "environments/us-east-1:nyc",
      sharedConnectionUuid,
      connectionSizeMbps,
    });

  it("a key re-issued for the same connection is the same object; another connection's is not", () => {
    const uuid = "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01";
    expect(sameSharedConnection(key(uuid, 10_000), key(uuid, 25_000))).to.equal(true);
    expect(sameSharedConnection(key(uuid, 10_000), key("6f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01", 10_000))).to.equal(
      false,
    );
    expect(sameSharedConnection("not-a-key", "also-not")).to.equal(false);
    expect(sameSharedConnection(key(uuid, 10_000), UNKNOWN), "unknown at preview").to.equal(true);
  });
});
