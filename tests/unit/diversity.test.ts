import { expect } from "chai";
import type { Link, MaintenanceWindow } from "../../schema/customer";
import { healthyLinkHealth } from "../support/fixtures";
import {
  DIMENSIONS,
  DiversityPolicySchema,
  evaluatePolicy,
  planRelocations,
  type Dimension,
  type DiversityPolicyInput,
  type GroupMember,
  type SiteHints,
} from "../../provider/diversity";

// ---- fixtures ---------------------------------------------------------------------------------------------------

/** A link whose path is unique to `n` (device Dn, facility Fn, entrance E-n, conduit C-n), UP and MACsec-protected. */
const link = (name: string, n: number, overrides: Partial<Link> = {}): Link => ({
  name,
  channel: `channels/${name}-${n}`,
  device: `D${n}`,
  facility: `F${n}`,
  entrance: `E-${n}`,
  conduit: `C-${n}`,
  vlan: 100 + n,
  ipv4Subnet: `169.254.${n}.0/30`,
  localAsn: 64512,
  remoteAsn: 16550,
  bgpState: "ESTABLISHED",
  macsecActive: true,
  adminState: "ADMIN_STATE_UP",
  operState: "UP",
  inMaintenance: false,
  health: healthyLinkHealth(),
  ...overrides,
});

const window = (linkName: string, start: string, end: string, state = "scheduled"): MaintenanceWindow => ({
  link: linkName,
  startTime: `2030-01-01T${start}:00Z`,
  endTime: `2030-01-01T${end}:00Z`,
  state,
});

/**
 * Four fully diverse links: hq-primary (conn-a) ch1, ch2 and hq-secondary (conn-b) ch1, ch2. `overrides[i]` reshapes
 * the i-th link; `extras` adds member fields (site, maintenance).
 */
function group(overrides: Partial<Link>[] = [], extras: Partial<GroupMember>[] = []): GroupMember[] {
  return [
    {
      interconnect: "hq-primary",
      connectionId: "conn-a",
      links: [link("ch1", 1, overrides[0]), link("ch2", 2, overrides[1])],
      maintenance: [],
      ...extras[0],
    },
    {
      interconnect: "hq-secondary",
      connectionId: "conn-b",
      links: [link("ch1", 3, overrides[2]), link("ch2", 4, overrides[3])],
      maintenance: [],
      ...extras[1],
    },
  ];
}

const [P1, P2, S1, S2] = ["hq-primary/ch1", "hq-primary/ch2", "hq-secondary/ch1", "hq-secondary/ch2"];
const policy = (input: Partial<DiversityPolicyInput> = {}) =>
  DiversityPolicySchema.parse({ distinct: [...DIMENSIONS], ...input });
const rules = (members: GroupMember[], input: Partial<DiversityPolicyInput> = {}, hints: SiteHints = {}) =>
  evaluatePolicy(policy(input), members, hints).blockers.map((b) => b.rule);
const all = <T>(value: T): Record<Dimension, T> => ({
  device: value,
  entrance: value,
  facility: value,
  conduit: value,
});
const NOUN: Record<Dimension, string> = {
  device: "device",
  entrance: "building entrance",
  facility: "facility",
  conduit: "conduit",
};

// ---- evaluatePolicy ---------------------------------------------------------------------------------------------

describe("evaluatePolicy", () => {
  it("finds a fully diverse, protected group compliant", () => {
    const result = evaluatePolicy(policy(), group());
    expect(result).to.deep.include({ compliant: true, blockers: [], maintenanceConflicts: [] });
    expect(result.survivesSingleFailure).to.deep.equal({ ...all(true), maintenance: true });
    expect(result.links.map((l) => l.link)).to.deep.equal([P1, P2, S1, S2]);
    expect(result.links[0]).to.deep.equal({
      link: P1,
      interconnect: "hq-primary",
      connectionId: "conn-a",
      name: "ch1",
      path: { device: "D1", entrance: "E-1", facility: "F1", conduit: "C-1" },
      operUp: true,
      carriesTraffic: true,
      macsecActive: true,
      inMaintenance: false,
      blockedBy: [],
      health: { keyStatus: "LIVE", framesUnencrypted: 0, holdTimeSeconds: 90, keepaliveSeconds: 30 },
    });
  });

  describe("distinct, per dimension", () => {
    for (const dimension of DIMENSIONS) {
      it(`blocks two links sharing a ${dimension} and names them and the shared thing`, () => {
        const members = group([{}, { [dimension]: "X" }, { [dimension]: "X" }]);
        const result = evaluatePolicy(policy(), members);
        expect(result.compliant).to.equal(false);
        expect(result.blockers).to.have.length(1);
        expect(result.blockers[0]).to.deep.include({
          rule: `distinct:${dimension}`,
          links: [P2, S1],
          shared: `${NOUN[dimension]} X`,
        });
        expect(result.blockers[0].explanation).to.match(
          new RegExp(`^links ${P2} and ${S1} share ${NOUN[dimension]} X.*takes down both`),
        );
        expect(result.links.map((l) => l.blockedBy)).to.deep.equal([
          [],
          [`distinct:${dimension}`],
          [`distinct:${dimension}`],
          [],
        ]);
      });

      it(`ignores a shared ${dimension} the policy does not require distinct`, () => {
        const others = DIMENSIONS.filter((d) => d !== dimension);
        expect(rules(group([{}, { [dimension]: "X" }, { [dimension]: "X" }]), { distinct: others })).to.deep.equal([]);
      });
    }
  });

  it("partial diversity: 2 of 4 sharing a conduit gives one blocker with the remedy", () => {
    const shared = { conduit: "C-17", entrance: "E-1" };
    const result = evaluatePolicy(policy({ distinct: ["conduit"] }), group([{}, shared, shared]));
    expect(result.blockers).to.deep.equal([
      {
        rule: "distinct:conduit",
        links: [P2, S1],
        shared: "conduit C-17",
        explanation:
          "links hq-primary/ch2 and hq-secondary/ch1 share conduit C-17 entering through E-1, so one failure there " +
          "takes down both; relocate hq-secondary/ch1 to a different conduit",
      },
    ]);
    expect(result.survivesSingleFailure.conduit).to.equal(true);
  });

  it("names every link of a larger shared group and all but the first to move", () => {
    const onD9 = { device: "D9", facility: "F1" };
    const [blocker] = evaluatePolicy(policy(), group([{ facility: "F1" }, onD9, onD9, onD9])).blockers.filter(
      (b) => b.rule === "distinct:device",
    );
    expect(blocker.links).to.deep.equal([P2, S1, S2]);
    expect(blocker.explanation).to.equal(
      `links ${P2}, ${S1} and ${S2} share device D9 in facility F1, so one failure there takes down all 3; ` +
        `relocate ${S1} and ${S2} to different devices`,
    );
  });

  it("reports one blocker per shared value", () => {
    const result = evaluatePolicy(
      policy({ distinct: ["conduit"] }),
      group([{ conduit: "A" }, { conduit: "B" }, { conduit: "A" }, { conduit: "B" }]),
    );
    expect(result.blockers.map((b) => [b.shared, b.links])).to.deep.equal([
      ["conduit A", [P1, S1]],
      ["conduit B", [P2, S2]],
    ]);
    expect(result.survivesSingleFailure.conduit).to.equal(true);
  });

  describe("empty and small groups", () => {
    const cases: { name: string; members: GroupMember[]; explanation: string }[] = [
      {
        name: "no members",
        members: [],
        explanation: "the group has no links; the policy requires at least 4 — add links or connections to the group",
      },
      {
        name: "members without links",
        members: group().map((m) => ({ ...m, links: [] })),
        explanation: "the group has no links; the policy requires at least 4 — add links or connections to the group",
      },
      {
        name: "three links",
        members: group().map((m, i) => ({ ...m, links: m.links.slice(0, 2 - i) })),
        explanation: "the group has 3 links; the policy requires at least 4 — add links or connections to the group",
      },
    ];
    for (const { name, members, explanation } of cases) {
      it(`blocks on minLinks with ${name}`, () => {
        const result = evaluatePolicy(policy(), members);
        expect(result.compliant).to.equal(false);
        expect(result.blockers).to.deep.equal([{ rule: "minLinks", links: [], explanation }]);
      });
    }

    it("an empty group survives nothing", () => {
      const result = evaluatePolicy(policy(), []);
      expect(result.survivesSingleFailure).to.deep.equal({ ...all(false), maintenance: false });
      expect(result.links).to.deep.equal([]);
      expect(result.maintenanceConflicts).to.deep.equal([]);
    });
  });

  describe("unknown path data", () => {
    for (const unreported of ["", "  ", "unknown", "UNKNOWN"]) {
      it(`blocks a required conduit reported as ${JSON.stringify(unreported)}, never silently compliant`, () => {
        const result = evaluatePolicy(policy({ distinct: ["conduit"] }), group([{}, { conduit: unreported }]));
        expect(result.compliant).to.equal(false);
        expect(result.blockers).to.deep.equal([
          {
            rule: "unknownPath:conduit",
            links: [P2],
            explanation:
              "the partner did not report the conduit of hq-primary/ch2, so 'conduit' diversity cannot be verified; " +
              "ask the partner to report it, or drop 'conduit' from distinct",
          },
        ]);
        expect(result.links[1].path.conduit).to.equal(null);
      });
    }

    it("does not treat two unreported values as a shared thing", () => {
      expect(rules(group([{ entrance: "" }, { entrance: "" }]))).to.deep.equal(["unknownPath:entrance"]);
    });

    it("ignores unreported data in a dimension the policy does not require", () => {
      expect(rules(group([{ facility: "" }]), { distinct: ["conduit"] })).to.deep.equal([]);
    });
  });

  describe("single-entrance site", () => {
    const oneEntrance = group(
      [{ entrance: "E-1" }, { entrance: "E-1" }, { entrance: "E-1" }, { entrance: "E-1" }],
      [{ site: "nyc-hq" }, { site: "nyc-hq" }],
    );
    const explanationWith = (hints: SiteHints) =>
      evaluatePolicy(policy({ distinct: ["entrance"] }), oneEntrance, hints).blockers.map((b) => b.explanation);

    it("says to order a second entrance when the site is known to have one", () => {
      expect(explanationWith({ siteEntrances: { "nyc-hq": ["E-1"] } })).to.deep.equal([
        `links ${P1}, ${P2}, ${S1} and ${S2} share building entrance E-1, so one failure there takes down all 4; ` +
          "the site has one building entrance — order a second entrance to satisfy 'entrance'",
      ]);
    });

    for (const [name, hints] of [
      ["without a hint", {}],
      ["when the site has two entrances", { siteEntrances: { "nyc-hq": ["E-1", "E-2"] } }],
      ["when the hint is for another site", { siteEntrances: { "lon-dc": ["E-1"] } }],
    ] as const) {
      it(`suggests relocation ${name}`, () => {
        expect(explanationWith(hints)[0]).to.match(/; relocate .* to different building entrances$/);
      });
    }
  });

  describe("requireMacsec", () => {
    const unprotected = group([{}, { macsecActive: false }, {}, { macsecActive: false }]);
    it("blocks links without active MACsec", () => {
      const [blocker] = evaluatePolicy(policy(), unprotected).blockers;
      expect(blocker).to.deep.include({ rule: "requireMacsec", links: [P2, S2] });
      expect(blocker.explanation).to.match(
        /^MACsec is not active on hq-primary\/ch2 and hq-secondary\/ch2, but the policy requires it; /,
      );
    });
    it("accepts them when MACsec is not required", () => {
      expect(rules(unprotected, { requireMacsec: false })).to.deep.equal([]);
    });
  });

  describe("requireConsistentBgpTimers", () => {
    const timers = (holdTimeSeconds: number, keepaliveSeconds: number) => ({
      health: healthyLinkHealth({ bgp: { holdTimeSeconds, keepaliveSeconds, flaps: 0 } }),
    });
    const mismatched = group([{}, timers(180, 60), {}, {}]);
    it("blocks timers that differ, naming the links, both timer pairs and the remedy", () => {
      const [blocker] = evaluatePolicy(policy(), mismatched).blockers;
      expect(blocker).to.deep.include({ rule: "requireConsistentBgpTimers", links: [P2] });
      expect(blocker.explanation).to.equal(
        "BGP timers differ within the group: hq-primary/ch1, hq-secondary/ch1 and hq-secondary/ch2 hold 90 s / " +
          "keepalive 30 s; hq-primary/ch2 hold 180 s / keepalive 60 s. A failure would not fail over alike (a " +
          "session with a longer hold time is declared dead later); ask the partner to set hold 90 s / keepalive " +
          "30 s on hq-primary/ch2, as on the others, or set requireConsistentBgpTimers to false",
      );
    });
    it("accepts them when consistency is not required, and equal timers always", () => {
      expect(rules(mismatched, { requireConsistentBgpTimers: false })).to.deep.equal([]);
      expect(rules(group([timers(30, 10), timers(30, 10), timers(30, 10), timers(30, 10)]))).to.deep.equal([]);
    });
  });

  describe("maxConcurrentMaintenance", () => {
    const cases: {
      name: string;
      primary: MaintenanceWindow[];
      secondary?: MaintenanceWindow[];
      max?: number;
      conflicts: { links: string[]; startTime: string; endTime: string }[];
    }[] = [
      {
        name: "two links overlapping",
        primary: [window("ch1", "01:00", "03:00")],
        secondary: [window("ch2", "02:00", "04:00")],
        conflicts: [{ links: [P1, S2], startTime: "2030-01-01T02:00:00.000Z", endTime: "2030-01-01T03:00:00.000Z" }],
      },
      {
        name: "back-to-back windows",
        primary: [window("ch1", "01:00", "02:00"), window("ch2", "02:00", "03:00")],
        conflicts: [],
      },
      {
        name: "disjoint windows",
        primary: [window("ch1", "01:00", "02:00")],
        secondary: [window("ch1", "05:00", "06:00")],
        conflicts: [],
      },
      {
        name: "two overlapping when two are allowed",
        primary: [window("ch1", "01:00", "03:00"), window("ch2", "02:00", "04:00")],
        max: 2,
        conflicts: [],
      },
      {
        name: "three overlapping when two are allowed",
        primary: [window("ch1", "01:00", "05:00"), window("ch2", "02:00", "04:00")],
        secondary: [window("ch1", "03:00", "06:00")],
        max: 2,
        conflicts: [
          { links: [P1, P2, S1], startTime: "2030-01-01T03:00:00.000Z", endTime: "2030-01-01T04:00:00.000Z" },
        ],
      },
      {
        name: "a chain of overlaps, merged into one span",
        primary: [window("ch1", "00:00", "04:00"), window("ch2", "01:00", "02:00")],
        secondary: [window("ch1", "02:00", "03:00")],
        conflicts: [
          { links: [P1, P2, S1], startTime: "2030-01-01T01:00:00.000Z", endTime: "2030-01-01T03:00:00.000Z" },
        ],
      },
      {
        name: "one link with two overlapping windows",
        primary: [window("ch1", "01:00", "03:00"), window("ch1", "02:00", "04:00")],
        conflicts: [],
      },
      {
        name: "a cancelled window",
        primary: [window("ch1", "01:00", "03:00"), window("ch2", "02:00", "04:00", "CANCELLED")],
        conflicts: [],
      },
      {
        name: "any window when none are allowed",
        primary: [window("ch2", "01:00", "02:00")],
        max: 0,
        conflicts: [{ links: [P2], startTime: "2030-01-01T01:00:00.000Z", endTime: "2030-01-01T02:00:00.000Z" }],
      },
    ];
    for (const { name, primary, secondary = [], max, conflicts } of cases) {
      it(`${conflicts.length ? "blocks" : "accepts"} ${name}`, () => {
        const members = group([], [{ maintenance: primary }, { maintenance: secondary }]);
        const result = evaluatePolicy(policy(max === undefined ? {} : { maxConcurrentMaintenance: max }), members);
        expect(result.maintenanceConflicts).to.deep.equal(conflicts);
        expect(result.blockers.map((b) => [b.rule, b.links])).to.deep.equal(
          conflicts.map((c) => ["maxConcurrentMaintenance", c.links]),
        );
      });
    }

    it("explains the overlap and the limit", () => {
      const members = group([], [{ maintenance: [window("ch1", "01:00", "03:00"), window("ch2", "02:00", "04:00")] }]);
      expect(evaluatePolicy(policy(), members).blockers[0].explanation).to.equal(
        `links ${P1} and ${P2} have maintenance overlapping between 2030-01-01T02:00:00.000Z and ` +
          "2030-01-01T03:00:00.000Z, more than the 1 link the policy allows at once; ask the partner to reschedule " +
          "so the windows do not overlap",
      );
    });
  });

  describe("oper DOWN links", () => {
    const oneDown = group([{}, {}, { operState: "DOWN" }]);

    it("do not count towards minLinks, and the explanation says why", () => {
      expect(evaluatePolicy(policy(), oneDown).blockers).to.deep.equal([
        {
          rule: "minLinks",
          links: [S1],
          explanation:
            "the group has 4 links, but hq-secondary/ch1 is oper DOWN and provides no redundancy, leaving 3; " +
            "the policy requires at least 4 — bring it back up or add links",
        },
      ]);
      expect(rules(oneDown, { minLinks: 3 })).to.deep.equal([]);
    });

    it("are named as DOWN when a blocker concerns them", () => {
      const members = group([{}, { conduit: "C-17" }, { conduit: "C-17", operState: "DOWN", macsecActive: false }]);
      const explanations = evaluatePolicy(policy({ minLinks: 3 }), members).blockers.map((b) => b.explanation);
      expect(explanations).to.have.length(2);
      for (const explanation of explanations) {
        expect(explanation).to.contain("(hq-secondary/ch1 is oper DOWN and provides no redundancy until back up)");
      }
    });

    it("provide no survival: two UP links on one conduit do not survive even if DOWN links are elsewhere", () => {
      const members = group([{ conduit: "C-1" }, { conduit: "C-1" }, { operState: "DOWN" }, { operState: "DOWN" }]);
      expect(evaluatePolicy(policy(), members).survivesSingleFailure.conduit).to.equal(false);
    });
  });

  describe("survivesSingleFailure", () => {
    for (const dimension of DIMENSIONS) {
      it(`is false only for ${dimension} when every link shares one ${dimension}`, () => {
        const same = { [dimension]: "X" };
        const result = evaluatePolicy(policy(), group([same, same, same, same]));
        expect(result.survivesSingleFailure).to.deep.equal({ ...all(true), maintenance: true, [dimension]: false });
      });
    }

    const cases: { name: string; conduits: string[]; survives: boolean }[] = [
      {
        name: "an unreported link may share the others' conduit",
        conduits: ["C-1", "C-1", "C-1", ""],
        survives: false,
      },
      {
        name: "two reported conduits survive whatever the unreported one is",
        conduits: ["C-1", "C-2", "", ""],
        survives: true,
      },
      { name: "nothing reported proves nothing", conduits: ["", "", "", ""], survives: false },
      { name: "3 of 4 sharing still leaves one", conduits: ["C-1", "C-1", "C-1", "C-2"], survives: true },
    ];
    for (const { name, conduits, survives } of cases) {
      it(name, () => {
        const members = group(conduits.map((conduit) => ({ conduit })));
        expect(evaluatePolicy(policy(), members).survivesSingleFailure.conduit).to.equal(survives);
      });
    }

    it("a single link survives nothing", () => {
      const [primary] = group();
      const result = evaluatePolicy(policy(), [{ ...primary, links: primary.links.slice(0, 1) }]);
      expect(result.survivesSingleFailure).to.deep.equal({ ...all(false), maintenance: false });
    });

    describe("maintenance: one traffic-bearing link drained, BGP failing over within the group's timers", () => {
      const hold = (holdTimeSeconds: number) => ({
        health: healthyLinkHealth({ bgp: { holdTimeSeconds, keepaliveSeconds: holdTimeSeconds / 3, flaps: 0 } }),
      });
      const cases: { name: string; links: Partial<Link>[]; survives: boolean; bearing: boolean[] }[] = [
        {
          name: "a link whose hold time is longer than the group's fails over late",
          links: [{}, hold(180), {}, {}],
          survives: false,
          bearing: [true, true, true, true],
        },
        {
          name: "a shorter hold time fails over sooner, within the group's",
          links: [{}, hold(30), {}, {}],
          survives: true,
          bearing: [true, true, true, true],
        },
        {
          name: "links down, not established or already in maintenance carry nothing: one bearer left is not enough",
          links: [{ operState: "DOWN" }, { bgpState: "ACTIVE" }, { inMaintenance: true }, {}],
          survives: false,
          bearing: [false, false, false, true],
        },
        {
          name: "two bearers with different hold times: the group's is the shorter, whichever link comes first",
          links: [{ operState: "DOWN" }, { operState: "DOWN" }, hold(180), {}],
          survives: false,
          bearing: [false, false, true, true],
        },
        {
          name: "the same, in the other order",
          links: [{ operState: "DOWN" }, { operState: "DOWN" }, {}, hold(180)],
          survives: false,
          bearing: [false, false, true, true],
        },
        {
          name: "two bearers are enough, and a slow link that carries nothing does not count",
          links: [{ operState: "DOWN", ...hold(180) }, { inMaintenance: true }, {}, {}],
          survives: true,
          bearing: [false, false, true, true],
        },
      ];
      for (const { name, links, survives, bearing } of cases) {
        it(name, () => {
          const result = evaluatePolicy(policy(), group(links));
          expect(result.survivesSingleFailure.maintenance).to.equal(survives);
          expect(result.links.map((l) => l.carriesTraffic)).to.deep.equal(bearing);
        });
      }
    });
  });

  it("orders output the same whatever order links and policy dimensions come in", () => {
    const overrides = [
      { conduit: "C-17", macsecActive: false },
      {},
      { conduit: "C-17", device: "D2" },
      { entrance: "" },
    ];
    const members = group(overrides, [
      { maintenance: [window("ch2", "01:00", "03:00"), window("ch1", "02:00", "04:00")] },
    ]);
    const shuffled = members.map((m) => ({
      ...m,
      links: [...m.links].reverse(),
      maintenance: [...m.maintenance].reverse(),
    }));
    const forwards = evaluatePolicy(policy({ distinct: ["device", "entrance", "conduit"] }), members);
    const backwards = evaluatePolicy(policy({ distinct: ["conduit", "entrance", "device"] }), shuffled);
    expect(backwards).to.deep.equal(forwards);
    expect(forwards.blockers.map((b) => b.rule)).to.deep.equal([
      "unknownPath:entrance",
      "distinct:device",
      "distinct:conduit",
      "requireMacsec",
      "maxConcurrentMaintenance",
    ]);
  });

  it("orders links by natural name order", () => {
    const [primary] = group();
    const members = [{ ...primary, links: [link("ch10", 1), link("ch2", 2), link("ch1", 3)] }];
    expect(evaluatePolicy(policy(), members).links.map((l) => l.name)).to.deep.equal(["ch1", "ch2", "ch10"]);
  });

  it("qualifies interconnect names shared by two connections so link references stay unique", () => {
    const members = group().map((m) => ({ ...m, interconnect: "hq" }));
    expect(evaluatePolicy(policy(), members).links.map((l) => l.link)).to.deep.equal([
      "hq[conn-a]/ch1",
      "hq[conn-a]/ch2",
      "hq[conn-b]/ch1",
      "hq[conn-b]/ch2",
    ]);
  });
});

// ---- planRelocations --------------------------------------------------------------------------------------------

describe("planRelocations", () => {
  const cases: {
    name: string;
    distinct: Dimension[];
    overrides: Partial<Link>[];
    hints?: SiteHints;
    moves: { link: string; distinct: Dimension[]; avoid: string[] }[];
    unsatisfiable?: string[];
  }[] = [
    { name: "a diverse group needs no moves", distinct: [...DIMENSIONS], overrides: [], moves: [] },
    {
      name: "2 of 4 sharing a conduit: move the second, avoiding everyone else",
      distinct: ["conduit"],
      overrides: [{}, { conduit: "C-17" }, { conduit: "C-17" }],
      moves: [{ link: "conn-b/ch1", distinct: ["conduit"], avoid: ["conn-a/ch1", "conn-a/ch2", "conn-b/ch2"] }],
    },
    {
      name: "3 sharing a device: later moves also avoid the links moved before them",
      distinct: ["conduit", "device"],
      overrides: [{}, { device: "D9" }, { device: "D9" }, { device: "D9" }],
      moves: [
        { link: "conn-b/ch1", distinct: ["device", "conduit"], avoid: ["conn-a/ch1", "conn-a/ch2"] },
        { link: "conn-b/ch2", distinct: ["device", "conduit"], avoid: ["conn-a/ch1", "conn-a/ch2", "conn-b/ch1"] },
      ],
    },
    {
      name: "one link clashing in two dimensions is the only one moved",
      distinct: ["device", "conduit"],
      overrides: [{}, { conduit: "C-17" }, { conduit: "C-17", device: "D9" }, { device: "D9" }],
      moves: [
        { link: "conn-b/ch1", distinct: ["device", "conduit"], avoid: ["conn-a/ch1", "conn-a/ch2", "conn-b/ch2"] },
      ],
    },
    {
      name: "a shared value outside the policy is left alone",
      distinct: ["device"],
      overrides: [{ facility: "F1" }, { facility: "F1" }],
      moves: [],
    },
    {
      name: "without a site hint, a shared entrance is assumed movable",
      distinct: ["entrance"],
      overrides: [{ entrance: "E-1" }, { entrance: "E-1" }],
      moves: [{ link: "conn-a/ch2", distinct: ["entrance"], avoid: ["conn-a/ch1", "conn-b/ch1", "conn-b/ch2"] }],
    },
    {
      name: "a single-entrance site cannot be fixed by moving",
      distinct: ["entrance"],
      overrides: [{ entrance: "E-1" }, { entrance: "E-1" }, { entrance: "E-1" }, { entrance: "E-1" }],
      hints: { siteEntrances: { "nyc-hq": ["E-1"] } },
      moves: [],
      unsatisfiable: ["distinct:entrance"],
    },
    {
      name: "at a single-entrance site, other dimensions are still planned without 'entrance'",
      distinct: ["entrance", "conduit"],
      overrides: [
        { entrance: "E-1" },
        { entrance: "E-1", conduit: "C-17" },
        { entrance: "E-1", conduit: "C-17" },
        { entrance: "E-1" },
      ],
      hints: { siteEntrances: { "nyc-hq": ["E-1"] } },
      moves: [{ link: "conn-b/ch1", distinct: ["conduit"], avoid: ["conn-a/ch1", "conn-a/ch2", "conn-b/ch2"] }],
      unsatisfiable: ["distinct:entrance"],
    },
    {
      name: "unreported path data is reported, not planned around",
      distinct: ["conduit"],
      overrides: [{ conduit: "" }, { conduit: "" }],
      moves: [],
      unsatisfiable: ["unknownPath:conduit"],
    },
  ];
  for (const { name, distinct, overrides, hints = {}, moves, unsatisfiable = [] } of cases) {
    it(name, () => {
      const members = group(overrides, [{ site: "nyc-hq" }, { site: "nyc-hq" }]);
      const plan = planRelocations({ distinct }, members, hints);
      expect(plan.moves).to.deep.equal(moves);
      expect(plan.unsatisfiable.map((b) => b.rule)).to.deep.equal(unsatisfiable);
    });
  }

  it("explains a single-entrance site the same way the evaluation does", () => {
    const members = group([{ entrance: "E-1" }, { entrance: "E-1" }], [{ site: "nyc-hq" }, { site: "nyc-hq" }]);
    const hints = { siteEntrances: { "nyc-hq": ["E-1"] } };
    const { unsatisfiable } = planRelocations({ distinct: ["entrance"] }, members, hints);
    expect(unsatisfiable).to.deep.equal(evaluatePolicy(policy({ distinct: ["entrance"] }), members, hints).blockers);
    expect(unsatisfiable[0].explanation).to.match(
      /the site has one building entrance — order a second entrance to satisfy 'entrance'$/,
    );
  });

  it("plans nothing for an empty group", () => {
    expect(planRelocations({ distinct: [...DIMENSIONS] }, [])).to.deep.equal({ moves: [], unsatisfiable: [] });
  });
});
