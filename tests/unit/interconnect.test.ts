import { expect } from "chai";
import nock from "nock";
import { provider as rawProvider } from "../../provider/interconnect/impl";
import type { InterconnectInputs, InterconnectState } from "../../provider/interconnect/schema";
import { UNKNOWN } from "../../provider/common/validation";
import { ResourceInitError, clientToken } from "../../provider/common/lifecycle";
import {
  PARTNER,
  encodeKey,
  partnerConnection,
  partnerSpeaks,
  startProviderOperation,
  useTestSettings,
  rejection,
  useUnmatchedRequestLog,
} from "../support/fixtures";
import { BANDWIDTH_TIERS_GBPS } from "../../schema/aws";
import { COORDINATOR_SPEC_VERSION } from "../../schema/customer";

const provider = rawProvider as Required<typeof rawProvider>;
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:Interconnect::ic";
const KEY = encodeKey(10);
const notFound = { error: { status: 404, code: "NOT_FOUND", message: "no such connection" } };
const conflict = (message: string) => ({ error: { status: 409, code: "CONFLICT", message } });

/** The ActivationKey of the same program that issued the key (set by the Interconnect class). */
const OWNER = { resource: 'ActivationKey "ic"', bandwidthGbps: 10, connectionId: "lmcc-abcd1234" };
const inputs = (overrides: Partial<InterconnectInputs> = {}): InterconnectInputs => ({
  activationKey: KEY,
  site: "nyc-hq",
  bandwidthGbps: 10,
  macsec: "required",
  waitFor: "verified",
  maxBandwidthStepTiers: 2,
  timeouts: { create: "3s", update: "3s", delete: "3s" },
  resourceUrn: URN,
  ...overrides,
});
/** The accept body inputs() sends, without its token. */
const acceptRequest = (overrides: Record<string, unknown> = {}) => ({
  activationKey: KEY,
  site: "nyc-hq",
  bandwidthGbps: 10,
  macsec: "required",
  ...overrides,
});
const state = (overrides: Partial<InterconnectState> = {}): InterconnectState => ({
  ...inputs(),
  connectionId: "pc-1",
  sharedConnectionUuid: partnerConnection().sharedConnectionUuid,
  bandwidthGbps: 10,
  state: "available",
  verificationState: "VERIFIED",
  links: [],
  ...overrides,
});

describe("Interconnect provider", () => {
  const progress = useTestSettings();
  const unmatched = useUnmatchedRequestLog();

  describe("check", () => {
    it("fills defaults, leaves the bandwidth to the key's connection, and makes no HTTP call", async () => {
      const result = await provider.check(
        {} as InterconnectInputs,
        { activationKey: KEY, site: "nyc-hq", resourceUrn: URN } as InterconnectInputs,
      );
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs).to.include({ macsec: "required", waitFor: "verified", maxBandwidthStepTiers: 2 });
      expect(result.inputs).not.to.have.property("bandwidthGbps");
      expect(unmatched).to.deep.equal([]);
    });

    it("refuses a bandwidth that differs from the owning ActivationKey's, naming the one to change", async () => {
      const owned = inputs({ bandwidthGbps: 25, bandwidthOwner: OWNER });
      const { failures } = await provider.check(inputs({ bandwidthOwner: OWNER }), owned);
      expect(failures).to.have.length(1);
      expect(failures![0].property).to.equal("bandwidthGbps");
      expect(failures![0].reason).to.contain('25 differs from the 10 Gbps that ActivationKey "ic" declares');
      expect(failures![0].reason).to.contain('change bandwidthGbps on ActivationKey "ic"');
      expect(unmatched).to.deep.equal([]);
    });

    it("accepts the owner's value, an unknown one, and applies no step guard to a follower", async () => {
      for (const news of [
        inputs({ bandwidthOwner: OWNER }),
        inputs({ bandwidthGbps: undefined, bandwidthOwner: { ...OWNER, bandwidthGbps: 100 } }),
        inputs({ bandwidthGbps: UNKNOWN as never, bandwidthOwner: OWNER }),
        inputs({ bandwidthGbps: 100, bandwidthOwner: { ...OWNER, bandwidthGbps: UNKNOWN as never } }),
      ]) {
        expect((await provider.check(inputs(), news)).failures, JSON.stringify(news)).to.deep.equal([]);
      }
    });

    it("lists the tiers, names bad values, and never echoes the key", async () => {
      const result = await provider.check({} as InterconnectInputs, {
        ...inputs(),
        bandwidthGbps: 40 as never,
        macsec: "sometimes" as never,
        timeouts: { create: "soon" },
        activationKey: "bm90LWEta2V5",
      });
      const reasons = Object.fromEntries(result.failures!.map((f) => [f.property, f.reason]));
      expect(reasons.bandwidthGbps).to.contain("got 40").and.contain(BANDWIDTH_TIERS_GBPS.join(", "));
      expect(reasons.macsec).to.contain('"sometimes"').and.contain("required");
      expect(reasons["timeouts.create"]).to.contain('"soon"').and.contain("20m");
      expect(reasons.activationKey).to.contain("not a valid activation key").and.not.contain("bm90LWEta2V5");
      expect(unmatched).to.deep.equal([]);
    });

    it("refuses a key of a version it does not read, naming the versions and the upgrade, with no API call", async () => {
      const newer = encodeKey(10, undefined, 2);
      const result = await provider.check({} as InterconnectInputs, { ...inputs(), activationKey: newer });
      expect(result.failures?.map((f) => f.property)).to.deep.equal(["activationKey"]);
      const reason = result.failures![0].reason;
      expect(reason).to.contain("key version 2 is not supported").and.contain("reads version 1");
      expect(reason).to.contain("upgrade pulumi-interconnect").and.not.contain(newer);
      expect((await provider.check({} as InterconnectInputs, inputs())).failures).to.deep.equal([]);
      expect(unmatched).to.deep.equal([]);
    });

    it("accepts unknown values during preview", async () => {
      const result = await provider.check(state(), {
        ...inputs(),
        activationKey: UNKNOWN,
        bandwidthGbps: UNKNOWN as never,
        diversity: [UNKNOWN as never],
      });
      expect(result.failures).to.deep.equal([]);
    });

    it("refuses a step of more than maxBandwidthStepTiers tiers and says why", async () => {
      const result = await provider.check(inputs({ bandwidthGbps: 10 }), inputs({ bandwidthGbps: 100 }));
      expect(result.failures).to.have.length(1);
      expect(result.failures![0].property).to.equal("bandwidthGbps");
      expect(result.failures![0].reason)
        .to.contain("10 => 100")
        .and.contain("3 tiers")
        .and.contain("opex")
        .and.contain("allowLargeBandwidthStep");
      expect(result.failures![0].reason).not.to.contain("Monthly cost");
    });

    it("includes the monthly cost delta when a price table is set", async () => {
      const priceTable = { "10": 1200, "100": 9000 };
      const result = await provider.check(inputs({ bandwidthGbps: 10 }), inputs({ bandwidthGbps: 100, priceTable }));
      expect(result.failures![0].reason).to.contain("Monthly cost: 1200 => 9000 (+7800 per month)");
    });

    it("allows the step within the limit, downwards, or when explicitly allowed", async () => {
      expect(
        (await provider.check(inputs({ bandwidthGbps: 10 }), inputs({ bandwidthGbps: 50 }))).failures,
      ).to.deep.equal([]);
      expect(
        (await provider.check(inputs({ bandwidthGbps: 100 }), inputs({ bandwidthGbps: 1 }))).failures,
      ).to.deep.equal([]);
      const allowed = inputs({ bandwidthGbps: 100, allowLargeBandwidthStep: true });
      expect((await provider.check(inputs({ bandwidthGbps: 10 }), allowed)).failures).to.deep.equal([]);
    });
  });

  describe("diff", () => {
    it("updates bandwidth in place", async () => {
      expect(await provider.diff("pc-1", state(), inputs({ bandwidthGbps: 25 }))).to.deep.equal({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });

    it("replaces site, key and adopt, deleting first", async () => {
      const otherKey = encodeKey(10, "0b9d2f0e-5d7c-4c1a-8c59-0d6f3c1b2a77");
      const result = await provider.diff(
        "pc-1",
        state(),
        inputs({ site: "bos-dc", activationKey: otherKey, adopt: "pc-9" }),
      );
      expect(result).to.deep.equal({
        changes: true,
        replaces: ["site", "activationKey", "adopt"],
        deleteBeforeReplace: true,
      });
    });

    it("treats a re-issued key for the same connection as an in-place change", async () => {
      const result = await provider.diff("pc-1", state(), inputs({ activationKey: encodeKey(25), bandwidthGbps: 10 }));
      expect(result).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    });

    it("previews an unknown key (its ActivationKey being updated) as an in-place update, and says so", async () => {
      const result = await provider.diff("pc-1", state(), inputs({ activationKey: UNKNOWN }));
      expect(result).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(progress.lines.filter((line) => line.includes("activationKey is known only once"))).to.have.length(1);
    });

    it("a follower plans no bandwidth change: its size is the connection's, resized by its ActivationKey", async () => {
      const none = { changes: false, replaces: [], deleteBeforeReplace: false };
      const resized = state({ bandwidthGbps: 25, bandwidthOwner: { ...OWNER, bandwidthGbps: 25 } });
      expect(await provider.diff("pc-1", state(), inputs({ bandwidthGbps: undefined }))).to.deep.equal(none);
      expect(await provider.diff("pc-1", resized, inputs({ bandwidthOwner: OWNER }))).to.deep.equal(none);
    });

    it("previews the unknown key of an ActivationKey updated in place (its id known) as no change", async () => {
      const owned = state({ bandwidthOwner: OWNER });
      const news = inputs({ activationKey: UNKNOWN, bandwidthOwner: { ...OWNER, bandwidthGbps: 25 } });
      expect(await provider.diff("pc-1", owned, news)).to.deep.equal({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      expect(progress.lines.filter((line) => line.includes("activationKey is known only once"))).to.deep.equal([]);
      const replaced = inputs({ activationKey: UNKNOWN, bandwidthOwner: { ...OWNER, connectionId: UNKNOWN } });
      expect((await provider.diff("pc-1", owned, replaced)).changes).to.equal(true);
    });

    it("replaces for a key of another shared connection, and reports no change for identical inputs", async () => {
      expect(
        (await provider.diff("pc-1", state(), inputs({ activationKey: encodeKey(10, "other") }))).replaces,
      ).to.deep.equal(["activationKey"]);
      expect(await provider.diff("pc-1", state(), inputs())).to.deep.equal({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });
  });

  describe("create", () => {
    beforeEach(() => partnerSpeaks(COORDINATOR_SPEC_VERSION));

    it("accepts the key with a deterministic token and waits until verified, printing transitions", async () => {
      const token = clientToken(URN, acceptRequest(), 0);
      nock(PARTNER)
        .post(
          "/v1/connections",
          (body) => body.clientToken === token && body.bandwidthGbps === 10 && body.macsec === "required",
        )
        .reply(201, partnerConnection({ state: "pending", verificationState: "PENDING_PARTNER" }))
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection({ state: "provisioning", verificationState: "PENDING_LOCAL" }))
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection());
      const result = await provider.create(inputs());
      expect(result.id).to.equal("pc-1");
      expect(result.outs).to.include({
        state: "available",
        verificationState: "VERIFIED",
        bandwidthGbps: 10,
        interconnectName: "ic-1",
        partnerSpecVersion: "v1",
      });
      expect(result.outs!.links[0])
        .to.include({ name: "ch1", bgpState: "ESTABLISHED", macsecActive: true })
        .and.not.have.property("macsecCkn");
      expect(progress.lines.filter((l) => l.includes("state "))).to.have.length(2);
    });

    it("returns as soon as the partner accepted when waitFor is accepted", async () => {
      nock(PARTNER)
        .post("/v1/connections")
        .reply(201, partnerConnection({ state: "pending", verificationState: "PENDING_PARTNER" }))
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection({ state: "pending" }));
      expect((await provider.create(inputs({ waitFor: "accepted" }))).outs!.state).to.equal("pending");
    });

    it("adopts the connection an earlier attempt of ours created (409)", async () => {
      const ours = partnerConnection({
        clientToken: clientToken(URN, acceptRequest(), 0),
      });
      nock(PARTNER)
        .post("/v1/connections")
        .reply(409, conflict("activation key already accepted"))
        .get("/v1/connections")
        .query(true)
        .reply(200, { connections: [partnerConnection({ id: "pc-old", state: "deleted" }), ours] })
        .get("/v1/connections/pc-1")
        .reply(200, ours);
      expect((await provider.create(inputs())).id).to.equal("pc-1");
    });

    it("derives the accept's token from every member sent: bandwidth, macsec, diversity change it, diversity order does not", async () => {
      const variants = [
        inputs({ diversity: ["device", "facility"] }),
        inputs({ diversity: ["facility", "device"] }),
        inputs(),
        inputs({ diversity: ["device", "facility"], macsec: "preferred" }),
        inputs({ diversity: ["device", "facility"], bandwidthGbps: 5 }),
        inputs({ diversity: ["device"] }),
      ];
      const bodies: Record<string, unknown>[] = [];
      nock(PARTNER)
        .post("/v1/connections", (body) => bodies.push(body) > 0)
        .times(variants.length)
        .reply(201, partnerConnection({ state: "pending" }))
        .get("/v1/connections/pc-1")
        .times(variants.length)
        .reply(200, partnerConnection({ state: "pending" }));
      for (const variant of variants) await provider.create({ ...variant, waitFor: "accepted" });
      // Each token stands for exactly the body it came with.
      expect(bodies.map((b) => b.clientToken)).to.deep.equal(bodies.map((b) => clientToken(URN, b, 0)));
      const [first, reordered, ...edited] = bodies.map((b) => b.clientToken);
      expect(reordered, "diversity in another order").to.equal(first);
      expect(new Set([first, ...edited]).size, "a token per edited request").to.equal(edited.length + 1);
    });

    it("does not adopt a connection our URN ordered with other input (409): it names adopt instead", async () => {
      const orderedOtherwise = partnerConnection({
        clientToken: clientToken(URN, acceptRequest({ macsec: "off" }), 0),
      });
      nock(PARTNER)
        .post("/v1/connections")
        .reply(409, conflict("activation key already accepted"))
        .get("/v1/connections")
        .query(true)
        .reply(200, { connections: [orderedOtherwise] });
      const e = await rejection(provider.create(inputs()));
      expect(e.message).to.contain('adopt: "pc-1"');
    });

    it("refuses to take over a connection someone else created, pointing at adopt", async () => {
      nock(PARTNER)
        .post("/v1/connections")
        .reply(409, conflict("activation key already accepted"))
        .get("/v1/connections")
        .query(true)
        .reply(200, { connections: [partnerConnection({ id: "pc-7", clientToken: "someone-else" })] });
      const e = await rejection(provider.create(inputs()));
      expect(e.message).to.contain('adopt: "pc-7"');
    });

    it("a key used by a connection deleted outside Pulumi: names the fix, replacing the ActivationKey", async () => {
      nock(PARTNER)
        .post("/v1/connections")
        .reply(409, conflict("the activation key was already used"))
        .get("/v1/connections")
        .query(true)
        .reply(200, { connections: [] });
      const e = await rejection(provider.create(inputs()));
      expect(e.message).to.contain("no longer exists").and.contain("pulumi up --replace <its URN>");
    });

    it("adopts an existing connection when asked, checking it belongs to the key", async () => {
      nock(PARTNER)
        .get("/v1/connections/pc-7")
        .twice()
        .reply(200, partnerConnection({ id: "pc-7" }));
      expect((await provider.create(inputs({ adopt: "pc-7" }))).id).to.equal("pc-7");
      nock(PARTNER)
        .get("/v1/connections/pc-8")
        .reply(200, partnerConnection({ id: "pc-8", sharedConnectionUuid: "other" }));
      expect((await rejection(provider.create(inputs({ adopt: "pc-8" })))).message).to.contain(
        "belongs to shared connection other",
      );
    });

    it("keeps the id when the wait hits its deadline (partial create, no orphan)", async () => {
      nock(PARTNER)
        .post("/v1/connections")
        .reply(201, partnerConnection({ state: "pending", verificationState: "PENDING_PARTNER" }))
        .get("/v1/connections/pc-1")
        .times(100)
        .reply(200, partnerConnection({ state: "provisioning", verificationState: "PENDING_LOCAL" }));
      const e = await rejection(provider.create(inputs({ timeouts: { create: "1s" } })));
      expect(e).to.be.instanceOf(ResourceInitError);
      const init = e as ResourceInitError;
      expect(init.id).to.equal("pc-1");
      expect(init.properties).to.include({ state: "provisioning", connectionId: "pc-1" });
      expect(init.reasons[0]).to.contain("timed out after 1s");
      nock.cleanAll();
    });

    it("keeps the id when the partner reports the connection failed", async () => {
      nock(PARTNER)
        .post("/v1/connections")
        .reply(201, partnerConnection({ state: "pending" }))
        .get("/v1/connections/pc-1")
        .reply(
          200,
          partnerConnection({ state: "failed", verificationState: "FAILED", failureReason: "no port capacity" }),
        );
      const e = (await rejection(provider.create(inputs()))) as ResourceInitError;
      expect(e.id).to.equal("pc-1");
      expect(e.message).to.contain("no port capacity");
    });
  });

  describe("read", () => {
    beforeEach(() => partnerSpeaks(COORDINATOR_SPEC_VERSION));

    it("returns no id when the connection was deleted", async () => {
      nock(PARTNER).get("/v1/connections/pc-1").reply(404, notFound);
      expect(await provider.read("pc-1", state())).to.deep.equal({});
      nock(PARTNER)
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection({ state: "deleted" }));
      expect(await provider.read("pc-1", state())).to.deep.equal({});
    });

    it("shows drift in state, keeps declared inputs, and warns about MACsec and links", async () => {
      const drifted = partnerConnection({
        bandwidthGbps: 25,
        links: [
          partnerConnection().links[0],
          { ...partnerConnection().links[1], macsecActive: false, operState: "DOWN", bgpState: "IDLE" },
        ],
      });
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, drifted);
      const result = await provider.read("pc-1", state());
      expect(result.props!.bandwidthGbps).to.equal(25);
      expect(result.inputs).to.deep.equal(inputs());
      const text = progress.lines.join("\n");
      expect(text)
        .to.contain("declared 10 Gbps, live 25 Gbps")
        .and.contain("MACsec required but inactive on ch2")
        .and.contain("link ch2 is down");
    });

    it("says a link drained for the partner's maintenance is in maintenance, not down", async () => {
      const drained = partnerConnection({
        links: [
          partnerConnection().links[0],
          { ...partnerConnection().links[1], bgpState: "IDLE", inMaintenance: true },
        ],
      });
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, drained);
      await provider.read("pc-1", state());
      const text = progress.lines.join("\n");
      expect(text).to.contain("link ch2 is in maintenance (oper UP, BGP IDLE)").and.not.contain("is down");
    });

    it("never replaces for MACsec turned off outside Pulumi: it warns, shows it per link and plans an update", async () => {
      const off = partnerConnection({
        macsec: "off",
        links: partnerConnection().links.map((l) => ({ ...l, macsecActive: false })),
      });
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, off);
      const result = await provider.read("pc-1", state());
      expect(result.props!.macsec).to.equal("required");
      expect(result.props!.links.every((l) => !l.macsecActive)).to.equal(true);
      expect(await provider.diff("pc-1", result.props!, inputs())).to.deep.equal({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
      const text = progress.lines.join("\n");
      expect(text).to.contain("MACsec mode changed outside Pulumi: declared required, live off");
      expect(text).to.contain('drift the next `up` acts on: MACsec is inactive on ch1, ch2 (macsec "required")');
    });

    it("returns the inputs as declared: a follower gains no bandwidthGbps, an owner keeps its own", async () => {
      const resized = partnerConnection({ bandwidthGbps: 25 });
      const { bandwidthGbps: _declared, ...follower } = inputs({ bandwidthOwner: OWNER });
      nock(PARTNER).get("/v1/connections/pc-1").twice().reply(200, resized);
      const followed = await provider.read("pc-1", state({ ...follower, bandwidthGbps: 10 }));
      expect(followed.props!.bandwidthGbps).to.equal(25);
      expect(followed.inputs).to.deep.equal(follower);
      const again = await provider.read("pc-1", followed.props);
      expect(again.inputs).to.deep.equal(follower);
      expect((await provider.diff("pc-1", again.props!, follower)).changes).to.equal(false);
      nock(PARTNER).get("/v1/connections/pc-1").twice().reply(200, resized);
      const owned = await provider.read("pc-1", state());
      const ownedAgain = await provider.read("pc-1", owned.props);
      expect(ownedAgain.inputs).to.deep.equal(inputs());
      expect(await provider.diff("pc-1", ownedAgain.props!, inputs())).to.include({ changes: true });
      expect(progress.lines.join("\n")).to.contain(
        "bandwidth changed outside Pulumi: the partner provisions 25 Gbps, declared 10 Gbps (up resizes it back)",
      );
    });

    it("causes no diff after a refresh of an unchanged connection", async () => {
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, partnerConnection());
      const result = await provider.read("pc-1", state());
      expect(await provider.diff("pc-1", result.props!, inputs())).to.include({ changes: false });
    });
  });

  describe("update", () => {
    beforeEach(() => partnerSpeaks(COORDINATOR_SPEC_VERSION));

    it("PATCHes bandwidth, retries a concurrent-update 409, rides through a migration", async () => {
      nock(PARTNER)
        .patch("/v1/connections/pc-1", { bandwidthGbps: 25 })
        .reply(409, conflict("another update is in progress"))
        .patch("/v1/connections/pc-1", { bandwidthGbps: 25 })
        .reply(200, partnerConnection({ state: "updating" }))
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection({ state: "migrating" }))
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection({ bandwidthGbps: 25 }));
      const result = await provider.update("pc-1", state(), inputs({ bandwidthGbps: 25 }));
      expect(result.outs).to.include({ bandwidthGbps: 25, state: "available" });
      expect(progress.lines.join("\n")).to.contain("409").and.contain("migrating");
    });

    it("a follower never PATCHes the bandwidth: it reads what its ActivationKey's resize left", async () => {
      nock(PARTNER)
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection({ bandwidthGbps: 25 }));
      const news = inputs({ bandwidthGbps: undefined, bandwidthOwner: { ...OWNER, bandwidthGbps: 25 } });
      const result = await provider.update("pc-1", state({ bandwidthOwner: OWNER }), news);
      expect(result.outs).to.include({ bandwidthGbps: 25, state: "available" });
      expect(unmatched).to.deep.equal([]);
    });

    it('under macsec "required", fails while a link is up without MACsec, naming the link and the remedy', async () => {
      const [ch1, ch2] = partnerConnection().links;
      const leaking = partnerConnection({ links: [ch1, { ...ch2, macsecActive: false }] });
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, leaking);
      const e = await rejection(provider.update("pc-1", state(), inputs()));
      expect(e.message).to.contain(
        'Interconnect ic (pc-1): macsec is "required" but 1 link(s) send frames in the clear',
      );
      expect(e.message).to.contain("link ch2: MACsec inactive while the link is up; ask the partner to turn MACsec");
      expect(e.message).not.to.contain("link ch1");
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, leaking);
      const preferred = await provider.update("pc-1", state(), inputs({ macsec: "preferred" }));
      expect(preferred.outs).to.include({ state: "available" });
    });

    it("changes provider-only settings without a PATCH", async () => {
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, partnerConnection());
      const result = await provider.update("pc-1", state(), inputs({ timeouts: { update: "1m" } }));
      expect(result.outs!.timeouts).to.deep.equal({ update: "1m" });
    });
  });

  describe("the partner's Connection Coordinator spec version", () => {
    const refusal =
      "the partner reports Connection Coordinator spec v2; this package speaks v1. Upgrade pulumi-interconnect to " +
      "a release that speaks v2 (npm install pulumi-interconnect@latest), or ask the partner for its v1 endpoint";

    it("create asks it first and orders nothing from a partner whose version this package does not speak", async () => {
      partnerSpeaks("v2");
      const e = await rejection(provider.create(inputs()));
      expect(e.message).to.equal(`Interconnect ic: ${refusal} (nothing was changed at the partner)`);
      expect(unmatched, "no accept was sent").to.deep.equal([]);
    });

    it("a partner API without service-info fails with what is missing, ordering nothing", async () => {
      nock(PARTNER).get("/v1/service-info").reply(404, notFound);
      const e = await rejection(provider.create(inputs()));
      expect(e.message).to.contain("does not report its Connection Coordinator spec version").and.contain("404");
    });

    it("is asked once per operation, not once per resource", async () => {
      nock(PARTNER)
        .get("/v1/service-info")
        .reply(200, { specVersion: "v1" })
        .get("/v1/connections/pc-1")
        .times(2)
        .reply(200, partnerConnection());
      const reads = [await provider.read("pc-1", state()), await provider.read("pc-1", state())];
      expect(reads.map((r) => r.props!.partnerSpecVersion)).to.deep.equal(["v1", "v1"]);
      expect(unmatched, "one GetServiceInfo for both reads").to.deep.equal([]);
    });

    it("update refuses before any change", async () => {
      partnerSpeaks("v2");
      const e = await rejection(provider.update("pc-1", state(), inputs({ bandwidthGbps: 25 })));
      expect(e.message).to.contain(refusal);
    });

    it("read records it in state only; the next diff plans the update that refuses it, with no API call", async () => {
      partnerSpeaks("v1");
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, partnerConnection());
      const spoken = await provider.read("pc-1", state());
      expect(spoken.props!.partnerSpecVersion).to.equal("v1");
      expect(spoken.inputs).to.deep.equal(inputs());

      // The partner upgrades; the next refresh is a new operation, which asks again.
      nock.cleanAll();
      startProviderOperation();
      partnerSpeaks("v2");
      nock(PARTNER).get("/v1/connections/pc-1").reply(200, partnerConnection());
      const upgraded = await provider.read("pc-1", state());
      expect(upgraded.props!.partnerSpecVersion).to.equal("v2");
      expect(upgraded.inputs, "never among the inputs").to.deep.equal(inputs());
      expect(progress.lines.join("\n")).to.contain(`${refusal}; the next \`up\` refuses it`);
      // The refresh's own diff must not fail (the refresh is what records the version), and shows it as a change.
      expect(await provider.diff("pc-1", upgraded.props!, inputs())).to.include({ changes: true });
      expect(progress.lines.join("\n")).to.contain(`drift the next \`up\` acts on: ${refusal}`);
      expect(await provider.diff("pc-1", spoken.props!, inputs())).to.include({ changes: false });
      expect((await provider.check(upgraded.inputs!, inputs())).failures).to.deep.equal([]);
      expect(unmatched, "check and diff call nothing").to.deep.equal([]);
    });
  });

  describe("delete", () => {
    it("treats an already deleted connection as success", async () => {
      nock(PARTNER).delete("/v1/connections/pc-1").reply(404, notFound);
      await provider.delete("pc-1", state());
    });

    it("deletes and waits until gone", async () => {
      nock(PARTNER)
        .delete("/v1/connections/pc-1")
        .reply(200, partnerConnection({ state: "deleting" }))
        .get("/v1/connections/pc-1")
        .reply(200, partnerConnection({ state: "deleting" }))
        .get("/v1/connections/pc-1")
        .reply(404, notFound);
      await provider.delete("pc-1", state());
    });
  });
});
