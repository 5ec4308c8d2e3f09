import { expect } from "chai";
import nock from "nock";
import type { Link, PartnerConnection } from "../../schema/customer";
import { provider as rawProvider } from "../../provider/redundant-link-group/impl";
import type { RedundantLinkGroupInputs, RedundantLinkGroupState } from "../../provider/redundant-link-group/schema";
import { UNKNOWN } from "../../provider/common/validation";
import {
  PARTNER,
  healthyLinkHealth,
  link,
  partnerConnection,
  useTestSettings,
  rejection,
  useUnmatchedRequestLog,
} from "../support/fixtures";
import { DiversityDimensionSchema } from "../../schema/customer";

const provider = rawProvider as Required<typeof rawProvider>;
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:RedundantLinkGroup::hq";
const POLICY = {
  minLinks: 4,
  distinct: ["device", "conduit"],
  maxConcurrentMaintenance: 1,
  requireMacsec: true,
  requireConsistentBgpTimers: true,
} as const;

const inputs = (overrides: Partial<RedundantLinkGroupInputs> = {}): RedundantLinkGroupInputs => ({
  interconnects: ["pc-1", "pc-2"],
  names: ["hq-primary", "hq-secondary"],
  policy: { ...POLICY, distinct: [...POLICY.distinct] },
  enforcement: "reconcile",
  resourceUrn: URN,
  ...overrides,
});

/** Two connections of two links each, on four devices and four conduits. */
const primary = (links: Partial<Link>[] = [{}, {}]) =>
  partnerConnection({
    id: "pc-1",
    links: [
      link({ name: "ch1", device: "dev-a", entrance: "E-1", conduit: "C-1", ...links[0] }),
      link({ name: "ch2", device: "dev-b", entrance: "E-2", conduit: "C-2", ...links[1] }),
    ],
  });
const secondary = (links: Partial<Link>[] = [{}, {}], overrides: Partial<PartnerConnection> = {}) =>
  partnerConnection({
    id: "pc-2",
    links: [
      link({ name: "ch1", device: "dev-c", entrance: "E-1", conduit: "C-3", ...links[0] }),
      link({ name: "ch2", device: "dev-d", entrance: "E-2", conduit: "C-4", ...links[1] }),
    ],
    ...overrides,
  });
/** hq-secondary/ch1 runs through hq-primary/ch1's conduit. */
const sharingConduit = () => secondary([{ conduit: "C-1" }, {}]);

/** The group reads its members from one page of the account's listing. */
function partnerReports(...connections: PartnerConnection[]): void {
  nock(PARTNER).get("/v1/connections").query({ pageSize: "1000" }).reply(200, { connections });
}

describe("RedundantLinkGroup provider", () => {
  const output = useTestSettings();
  const unmatched = useUnmatchedRequestLog();

  describe("check", () => {
    it("applies the enforcement and policy defaults", async () => {
      const given = { interconnects: ["pc-1", "pc-2"], policy: { distinct: ["conduit"] }, resourceUrn: URN };
      const result = await provider.check(inputs(), given as unknown as RedundantLinkGroupInputs);
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs).to.deep.include({
        enforcement: "reconcile",
        policy: {
          minLinks: 4,
          distinct: ["conduit"],
          maxConcurrentMaintenance: 1,
          requireMacsec: true,
          requireConsistentBgpTimers: true,
        },
      });
      expect(unmatched).to.deep.equal([]);
    });

    it("names the field, the value and what is allowed, without calling the API", async () => {
      const bad = {
        ...inputs(),
        interconnects: ["pc-1", "pc-1"],
        names: ["hq-primary"],
        enforcement: "enforce",
        policy: { minLinks: 1, distinct: ["device", "color"], colour: "red", requireConsistentBgpTimers: "yes" },
      } as unknown as RedundantLinkGroupInputs;
      const result = await provider.check(inputs(), bad);
      const reasons = Object.fromEntries(result.failures!.map((f) => [f.property, f.reason]));
      expect(reasons.enforcement).to.contain('"enforce"').and.contain("reconcile, fail, warn");
      expect(reasons.interconnects).to.contain('"pc-1" is listed more than once');
      expect(reasons.names).to.contain("1 name for 2 interconnects");
      expect(reasons["policy.minLinks"]).to.contain("at least 2").and.contain("got 1");
      expect(reasons["policy.distinct[1]"])
        .to.contain('"color"')
        .and.contain(DiversityDimensionSchema.options.join(", "));
      expect(reasons["policy.colour"]).to.contain('unknown policy field "colour"');
      expect(reasons["policy.requireConsistentBgpTimers"]).to.contain('must be true or false; got "yes"');
      expect(unmatched).to.deep.equal([]);
    });

    it("refuses an empty group and a missing policy", async () => {
      const result = await provider.check(inputs(), { ...inputs(), interconnects: [], policy: undefined } as never);
      const reasons = Object.fromEntries(result.failures!.map((f) => [f.property, f.reason]));
      expect(reasons.interconnects).to.contain("at least one partner connection id");
      expect(reasons.policy).to.contain("must be an object");
    });

    it("accepts values the engine does not know yet (preview)", async () => {
      const previews = [
        { ...inputs(), interconnects: UNKNOWN, policy: UNKNOWN },
        {
          ...inputs(),
          interconnects: ["pc-1", UNKNOWN, UNKNOWN],
          names: UNKNOWN,
          policy: { distinct: [UNKNOWN], minLinks: UNKNOWN },
        },
      ];
      for (const preview of previews) {
        expect((await provider.check(inputs(), preview as never)).failures).to.deep.equal([]);
      }
    });
  });

  describe("diff", () => {
    const state = { ...inputs(), relocations: 0 } as RedundantLinkGroupState;

    it("reports no change for the same inputs, whatever the key order in state", async () => {
      const reordered = {
        ...state,
        policy: { requireMacsec: true, maxConcurrentMaintenance: 1, distinct: ["device", "conduit"], minLinks: 4 },
      };
      expect(await provider.diff("rlg", reordered as never, inputs())).to.deep.equal({ changes: false, replaces: [] });
    });

    it("updates in place, never replaces, on policy, enforcement, membership, order, names or site hints", async () => {
      const changes: Partial<RedundantLinkGroupInputs>[] = [
        { policy: { ...inputs().policy, minLinks: 2 } },
        { enforcement: "warn" },
        { interconnects: ["pc-1", "pc-3"] },
        { interconnects: ["pc-2", "pc-1"], names: ["hq-secondary", "hq-primary"] },
        { names: ["a", "b"] },
        { siteEntrances: { "nyc-annex": ["E-1"] } },
        { interconnects: UNKNOWN as never },
      ];
      for (const change of changes) {
        expect(await provider.diff("rlg", state, inputs(change)), JSON.stringify(change)).to.deep.equal({
          changes: true,
          replaces: [],
        });
      }
    });
  });

  describe("create", () => {
    it("evaluates a compliant group without moving anything, deterministically", async () => {
      partnerReports(primary(), secondary());
      const result = await provider.create(inputs());
      expect(result.id).to.match(/^rlg-[0-9a-f]{16}$/);
      expect(result.outs).to.deep.include({ compliant: true, blockers: [], maintenanceConflicts: [], relocations: 0 });
      expect(result.outs!.survivesSingleFailure).to.deep.equal({
        device: true,
        entrance: true,
        facility: false,
        conduit: true,
        maintenance: true,
      });
      expect(result.outs!.links.map((l) => l.link)).to.deep.equal([
        "hq-primary/ch1",
        "hq-primary/ch2",
        "hq-secondary/ch1",
        "hq-secondary/ch2",
      ]);
      expect(result.outs!.links[2]).to.deep.include({
        connectionId: "pc-2",
        path: { device: "dev-c", entrance: "E-1", facility: "fac-1", conduit: "C-3" },
      });
      expect(output.lines.join("\n")).to.contain("RedundantLinkGroup hq: compliant (4 links)");

      partnerReports(primary(), secondary());
      expect((await provider.create(inputs())).outs).to.deep.equal(result.outs);
    });

    it("reconcile: relocates the clashing link, waits until the connection is available, re-evaluates", async () => {
      partnerReports(primary(), sharingConduit());
      nock(PARTNER)
        .post("/v1/connections/pc-2/links/ch1/relocate", {
          distinct: ["device", "conduit"],
          avoid: ["pc-1/ch1", "pc-1/ch2", "pc-2/ch2"],
        })
        .reply(200, secondary([{ conduit: "C-5" }, {}], { state: "updating" }))
        .get("/v1/connections/pc-2")
        .reply(200, secondary([{ conduit: "C-5" }, {}], { state: "updating" }))
        .get("/v1/connections/pc-2")
        .reply(200, secondary([{ conduit: "C-5" }, {}]));
      partnerReports(primary(), secondary([{ conduit: "C-5" }, {}]));
      const result = await provider.create(inputs());
      expect(result.outs).to.deep.include({ compliant: true, blockers: [], relocations: 1 });
      const text = output.lines.join("\n");
      expect(text)
        .to.contain("not compliant: 1 blocker")
        .and.contain("relocating hq-secondary/ch1 (1 of 1), distinct device, conduit");
      expect(text)
        .to.contain("RedundantLinkGroup hq (hq-secondary/ch1): connection pc-2 updating")
        .and.contain("compliant after 1 relocation");
    });

    it("reconcile: passes the partner's reason on when it cannot find a path", async () => {
      partnerReports(primary(), sharingConduit());
      nock(PARTNER)
        .post("/v1/connections/pc-2/links/ch1/relocate")
        .reply(409, {
          error: {
            status: 409,
            code: "FAILED_PRECONDITION",
            message: "no free port on a device other than dev-a, dev-b, dev-d",
          },
        });
      const error = await rejection(provider.create(inputs()));
      expect(error.message).to.contain(
        "cannot relocate hq-secondary/ch1: no free port on a device other than dev-a, dev-b, dev-d",
      );
      expect(error.message).to.contain("(0 of 1 planned relocations made)");
    });

    it("reconcile: stops when the connection fails during the relocation", async () => {
      partnerReports(primary(), sharingConduit());
      nock(PARTNER)
        .post("/v1/connections/pc-2/links/ch1/relocate")
        .reply(200, sharingConduit())
        .get("/v1/connections/pc-2")
        .reply(200, secondary([{}, {}], { state: "failed", failureReason: "cross-connect rejected" }));
      const error = await rejection(provider.create(inputs()));
      expect(error.message).to.equal(
        "RedundantLinkGroup hq (hq-secondary/ch1): connection pc-2 is failed: cross-connect rejected",
      );
    });

    it("reconcile: a single-entrance site fails with the remedy, and nothing is moved", async () => {
      const annex = { site: "nyc-annex" };
      const oneEntrance = [{ entrance: "E-1" }, { entrance: "E-1" }];
      partnerReports(
        partnerConnection({ ...primary(oneEntrance), ...annex }),
        partnerConnection({ ...secondary(oneEntrance), ...annex }),
      );
      const group = inputs({
        policy: { ...inputs().policy, distinct: ["device", "entrance"] },
        siteEntrances: { "nyc-annex": ["E-1"] },
      });
      const error = await rejection(provider.create(group));
      expect(error.message).to.contain("RedundantLinkGroup hq does not meet its diversity policy after 0 relocations:");
      expect(error.message)
        .to.contain("share building entrance E-1")
        .and.contain("order a second entrance to satisfy 'entrance'");
    });

    it("fail: never moves, and lists every blocker with its remedy", async () => {
      partnerReports(primary(), secondary([{ conduit: "C-1", macsecActive: false }, {}]));
      const error = await rejection(provider.create(inputs({ enforcement: "fail" })));
      expect(error.message).to.contain('enforcement "fail" moves no links');
      expect(error.message)
        .to.contain("  - links hq-primary/ch1 and hq-secondary/ch1 share conduit C-1")
        .and.contain("relocate hq-secondary/ch1");
      expect(error.message).to.contain("  - MACsec is not active on hq-secondary/ch1");
    });

    it("warn: succeeds, records the blockers and prints them as warnings", async () => {
      partnerReports(primary(), sharingConduit());
      const result = await provider.create(inputs({ enforcement: "warn" }));
      expect(result.outs).to.deep.include({ compliant: false, relocations: 0 });
      expect(result.outs!.blockers).to.deep.equal([
        {
          rule: "distinct:conduit",
          links: ["hq-primary/ch1", "hq-secondary/ch1"],
          shared: "conduit C-1",
          explanation:
            "links hq-primary/ch1 and hq-secondary/ch1 share conduit C-1 entering through E-1, so one failure there " +
            "takes down both; relocate hq-secondary/ch1 to a different conduit",
        },
      ]);
      expect(result.outs!.survivesSingleFailure.conduit).to.equal(true); // C-1 down still leaves C-2 and C-4
      expect(output.lines).to.include(
        `[interconnect] warning: RedundantLinkGroup hq: ${result.outs!.blockers[0].explanation}`,
      );
    });

    it("the names default to the connection ids", async () => {
      partnerReports(primary(), sharingConduit());
      const result = await provider.create(inputs({ names: undefined, enforcement: "warn" }));
      expect(result.outs!.blockers[0].links).to.deep.equal(["pc-1/ch1", "pc-2/ch1"]);
    });
  });

  describe("read", () => {
    async function created(): Promise<RedundantLinkGroupState> {
      partnerReports(primary(), secondary());
      return (await provider.create(inputs())).outs!;
    }

    it("returns the same outputs for an unchanged group, and the inputs unchanged (no diff)", async () => {
      const state = await created();
      partnerReports(primary(), secondary());
      const result = await provider.read("rlg-1", state);
      expect(result).to.deep.equal({ id: "rlg-1", props: state, inputs: inputs() });
      expect((await provider.diff("rlg-1", result.props!, inputs())).changes).to.equal(false);
    });

    it("shows partner-side drift: a migration onto a shared conduit, MACsec off", async () => {
      const state = { ...(await created()), relocations: 1 };
      partnerReports(primary(), secondary([{ conduit: "C-1" }, { macsecActive: false }]));
      const result = await provider.read("rlg-1", state);
      expect(result.props).to.deep.include({ compliant: false, relocations: 1 });
      expect(result.props!.blockers.map((b) => b.rule)).to.deep.equal(["distinct:conduit", "requireMacsec"]);
      expect(result.props!.links[3].blockedBy).to.deep.equal(["requireMacsec"]);
      expect(result.inputs).to.deep.equal(inputs());
      expect(output.lines.filter((line) => line.includes("warning"))).to.have.length(2);
    });

    it("plans an update for drift under reconcile and fail, and none under warn", async () => {
      const state = await created();
      partnerReports(primary(), sharingConduit());
      const drifted = (await provider.read("rlg-1", state)).props!;
      for (const enforcement of ["reconcile", "fail"] as const) {
        expect((await provider.diff("rlg-1", { ...drifted, enforcement }, inputs({ enforcement }))).changes).to.equal(
          true,
        );
      }
      const warned = { ...drifted, enforcement: "warn" as const };
      expect((await provider.diff("rlg-1", warned, inputs({ enforcement: "warn" }))).changes).to.equal(false);
      expect(output.lines.join("\n")).to.contain(
        "drift the next `up` acts on: not compliant at the last read (distinct:conduit): ",
      );
    });

    it("counts each link's unencrypted frames since the group's previous read, so a stopped leak is not marked", async () => {
      const leaking = (framesUnencrypted: number) =>
        primary([
          {},
          { health: healthyLinkHealth({ macsec: { framesEncrypted: 9000, framesUnencrypted, keyStatus: "LIVE" } }) },
        ]);
      const since = (state: RedundantLinkGroupState) =>
        state.links.map((l) => `${l.link} ${l.health?.framesUnencrypted}/${l.health?.unencryptedSinceLastRead}`);
      partnerReports(leaking(100), secondary());
      const created = (await provider.create(inputs())).outs!;
      // The group's first read: everything since turn-up.
      expect(since(created)).to.deep.equal([
        "hq-primary/ch1 0/0",
        "hq-primary/ch2 100/100",
        "hq-secondary/ch1 0/0",
        "hq-secondary/ch2 0/0",
      ]);
      partnerReports(leaking(160), secondary());
      const leakGoesOn = (await provider.read("rlg-1", created)).props!;
      expect(since(leakGoesOn)[1]).to.equal("hq-primary/ch2 160/60");
      partnerReports(leaking(160), secondary());
      const leakStopped = (await provider.read("rlg-1", leakGoesOn)).props!;
      expect(since(leakStopped)[1]).to.equal("hq-primary/ch2 160/0");
      // A counter that restarted (a link moved to new equipment) counts from its restart.
      partnerReports(leaking(7), secondary());
      expect(since((await provider.read("rlg-1", leakStopped)).props!)[1]).to.equal("hq-primary/ch2 7/7");
    });

    it("keeps the group when a member was deleted, reporting it as a blocker", async () => {
      const state = await created();
      partnerReports(primary(), secondary([{}, {}], { state: "deleted" }));
      const result = await provider.read("rlg-1", state);
      expect(result.id).to.equal("rlg-1");
      expect(result.props!.compliant).to.equal(false);
      expect(result.props!.blockers.map((b) => b.rule)).to.deep.equal(["memberMissing", "minLinks"]);
      expect(result.props!.blockers[0].explanation).to.equal(
        "hq-secondary (connection pc-2) no longer exists at the partner, so none of its links protect the group; " +
          "recreate it, or remove pc-2 from interconnects",
      );
      expect(result.props!.links.map((l) => l.link)).to.deep.equal(["hq-primary/ch1", "hq-primary/ch2"]);
    });
  });

  it("reads every member from one listing, stopping at the page that completes the group", async () => {
    const unrelated = secondary([{}, {}], { id: "pc-9" });
    nock(PARTNER)
      .get("/v1/connections")
      .query({ pageSize: "1000" })
      .reply(200, { connections: [primary(), unrelated], nextPageToken: "p2" })
      .get("/v1/connections")
      .query({ pageSize: "1000", pageToken: "p2" })
      .reply(200, { connections: [secondary()], nextPageToken: "p3" });
    const outs = (await provider.create(inputs())).outs!;
    expect(outs.compliant).to.equal(true);
    expect(outs.links.map((l) => l.link)).to.deep.equal([
      "hq-primary/ch1",
      "hq-primary/ch2",
      "hq-secondary/ch1",
      "hq-secondary/ch2",
    ]);
  });

  describe("update and delete", () => {
    it("update re-applies the enforcement with the new inputs", async () => {
      partnerReports(primary(), sharingConduit());
      const state = (await provider.create(inputs({ enforcement: "warn" }))).outs!;
      partnerReports(primary(), sharingConduit());
      const error = await rejection(provider.update("rlg-1", state, inputs({ enforcement: "fail" })));
      expect(error.message).to.contain("share conduit C-1");
    });

    it("delete makes no API call", async () => {
      await provider.delete("rlg-1", { ...inputs(), relocations: 0 } as RedundantLinkGroupState);
      expect(unmatched).to.deep.equal([]);
    });
  });
});
