import { expect } from "chai";
import { applyCarrierRoutes, CarrierRoutesSchema, evaluatePolicy, validatePolicy } from "../../provider/diversity";
import {
  closeRuns,
  endsOf,
  farApart,
  grownBox,
  metersBetween,
  metersToRoute,
  nearAny,
  roundPosition,
  samples,
  sharedEnds,
  type Position,
  type Route,
} from "../../schema/geometry";
import type { GroupMember } from "../../provider/diversity";
import { link } from "../support/fixtures";
import { POLICY_DIMENSIONS } from "../../provider/diversity/dimensions";

const line = (...coordinates: Position[]): Route => ({ type: "LineString", coordinates });
// Two 1.1 km north-south routes 1.7 m apart (0.00002° of longitude at 40.75° N), different facilities and entrances.
const west = line([-73.99, 40.75], [-73.99, 40.76]);
const east = line([-73.98998, 40.75], [-73.98998, 40.76]);
const far = line([-73.98, 40.75], [-73.98, 40.76]);

describe("diversity on route geometry", () => {
  it("closeRuns: parallel routes 1.7 m apart make one run, minus the convergence radius at shared ends", () => {
    const runs = closeRuns(west, east, { thresholdMeters: 10, convergenceRadiusMeters: 150 });
    expect(runs).to.have.length(1);
    expect(runs[0].minDistanceMeters).to.be.within(1.5, 1.9);
    // 1112 m long, 150 m ignored at each shared end.
    expect(runs[0].lengthMeters).to.be.within(800, 820);
    expect(closeRuns(west, far, { thresholdMeters: 10 })).to.deep.equal([]);
  });

  it("policy: new fields validated with field, value and what is allowed", () => {
    const bad = validatePolicy({ distinct: ["structure"], minSeparationMeters: -5, convergenceRadiusMeters: "x" });
    if (bad.ok) expect.fail("expected failures");
    const reasons = Object.fromEntries(bad.failures.map((f) => [f.property, f.reason]));
    expect(reasons.minSeparationMeters).to.match(/above 0 up to 10000 .*got -5/);
    expect(reasons.convergenceRadiusMeters).to.match(/from 0 up to 5000 .*got "x"/);
    expect(validatePolicy({ distinct: ["structure"], minSeparationMeters: 10 }).ok).to.equal(true);
    const rack = validatePolicy({ distinct: ["rack"] });
    expect(!rack.ok && rack.failures[0].reason).to.contain(`allowed: ${POLICY_DIMENSIONS.join(", ")}`);
  });

  const members = (routes: Route[], structures: string[][]): GroupMember[] =>
    routes.map((route, i) => ({
      interconnect: `ic${i}`,
      connectionId: `pc-${i}`,
      maintenance: [],
      links: [
        link({
          name: "ch1",
          device: `d${i}`,
          conduit: `c${i}`,
          route,
          structures: structures[i].map((id) => ({ id, kind: "manhole" as const, lon: -73.99, lat: 40.755 })),
        }),
      ],
    }));

  it("evaluatePolicy: trench and shared manhole blockers say where, how close, how long, and the remedy", () => {
    const policy = validatePolicy({
      minLinks: 2,
      distinct: ["conduit", "structure"],
      minSeparationMeters: 10,
      cutRadiusMeters: 5,
    });
    if (!policy.ok) expect.fail(JSON.stringify(policy.failures));
    const result = evaluatePolicy(policy.policy, members([west, east], [["mh-1", "mh-2"], ["mh-2"]]));
    const [trench, manhole] = result.blockers;
    expect(trench.rule).to.equal("minSeparation");
    expect(trench.explanation).to.match(
      /ic0\/ch1 and ic1\/ch1 on different conduits \(c0, c1\) run within 1\.\d m of each other for \d+ m, between \[-73\.99000, 40\.75\d+\]/,
    );
    expect(trench.explanation).to.include("relocate ic1/ch1 to a route at least 10 m from ic0/ch1");
    expect(manhole.rule).to.equal("distinct:structure");
    expect(manhole.explanation).to.include("all pass through manhole mh-2 at [-73.99000, 40.75500]");
    expect(result.survivesSingleFailure.structure).to.equal(false);
    expect(result.survivesSingleFailure.cut).to.equal(false);
    expect(result.worstCut!.links).to.deep.equal(["ic0/ch1", "ic1/ch1"]);
  });

  it("carrier routes: refused when malformed; a missing route and wrong ends become blockers", () => {
    const invalid = CarrierRoutesSchema.safeParse({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { link: "x/ch1" }, geometry: { type: "LineString", coordinates: [[0, 95]] } },
      ],
    });
    expect(invalid.success).to.equal(false);
    const group = members([west, far], [[], []]);
    const routes = CarrierRoutesSchema.parse({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { link: "pc-0/ch1" }, geometry: line([-73.99, 40.75], [-73.99, 40.7]) },
      ],
    });
    const { blockers } = applyCarrierRoutes(group, routes);
    expect(blockers.map((b) => `${b.rule} ${b.links.join(",")}`)).to.deep.equal([
      "carrierRoute:missing ic1/ch1",
      "carrierRoute:ends ic0/ch1",
    ]);
  });
});

// ---- the R-tree prefilter changes no result --------------------------------------------------------------------
// The reference below is the all-pairs computation the R-tree replaced (77d8746): every pair's routes sampled and
// measured against every segment, every sample checked against every route end. It is built from the primitives the
// index does not touch (samples, metersToRoute, metersBetween, sharedEnds, grownBox, farApart, nearAny).

type Runs = ReturnType<typeof closeRuns>;

function referenceCloseRuns(a: Route, b: Route, threshold: number, radius: number): Runs {
  if (farApart(a, b, threshold)) return [];
  const zones = sharedEnds(a, b, radius);
  const [w, s, e, n] = grownBox(b, threshold);
  const runs: (Runs[number] & { start: number })[] = [];
  let current: (Runs[number] & { start: number }) | undefined;
  for (const { at, position } of samples(a, Math.min(10, Math.max(1, threshold / 2)))) {
    const outside = position[0] < w || position[0] > e || position[1] < s || position[1] > n;
    const exempt = outside || zones.some((zone) => metersBetween(zone, position) <= radius);
    const gap = exempt ? Infinity : metersToRoute(position, b);
    if (gap >= threshold) {
      current = undefined;
    } else if (!current) {
      current = { start: at, lengthMeters: 0, minDistanceMeters: gap, coordinates: [position] };
      runs.push(current);
    } else {
      current.coordinates.push(position);
      current.lengthMeters = at - current.start;
      current.minDistanceMeters = Math.min(current.minDistanceMeters, gap);
    }
  }
  return runs.map(({ lengthMeters, minDistanceMeters, coordinates }) => ({
    lengthMeters: Math.round(lengthMeters),
    minDistanceMeters: Math.round(minDistanceMeters * 10) / 10,
    coordinates: coordinates.map(roundPosition),
  }));
}

interface Routed {
  ref: string;
  route: Route;
  up: boolean;
}

function referenceWorstCut(routed: Routed[], cutRadius: number, exempt: number) {
  const up = routed.filter((r) => r.up);
  const ends = up.flatMap(({ route }) => endsOf(route));
  let worst: { point: Position; radiusMeters: number; links: string[] } | undefined;
  for (const mine of up) {
    const near = up.filter((other) => other === mine || !farApart(mine.route, other.route, cutRadius));
    for (const { position } of samples(mine.route, Math.max(5, cutRadius))) {
      if (nearAny(position, ends, exempt)) continue;
      const hit = near.filter((o) => o === mine || metersToRoute(position, o.route) <= cutRadius);
      if (!worst || hit.length > worst.links.length) {
        worst = { point: roundPosition(position), radiusMeters: cutRadius, links: hit.map((o) => o.ref) };
      }
    }
  }
  return worst;
}

/** mulberry32: a small seeded generator, so a failing case reproduces from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A metro's worth of routes around `origin`: a few shared facilities and entrances (so shared ends and convergence
 * zones occur), and copies of earlier routes moved a few meters (so close runs and multi-link cuts occur).
 */
function randomRoutes(seed: number, origin: Position, count: number): Route[] {
  const random = seeded(seed);
  const jitter = ([x, y]: Position, meters: number): Position => [
    x + (random() - 0.5) * meters,
    y + (random() - 0.5) * meters,
  ];
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const facilities: Position[] = [
    [0, 0],
    [40, 30],
    [-20, 60],
  ];
  const entrances: Position[] = [
    [1500, 900],
    [1450, 1000],
    [-300, 1200],
  ];
  const paths: Position[][] = []; // meters east and north of the origin
  while (paths.length < count) {
    if (paths.length > 0 && random() < 0.45) {
      const source = pick(paths);
      const offset = random() * 40;
      const keepEnd = (i: number) => (i === 0 || i === source.length - 1) && random() < 0.6;
      paths.push(source.map((p, i) => (keepEnd(i) ? p : jitter(p, offset))));
      continue;
    }
    const [start, end] = [pick(facilities), pick(entrances)];
    const bendCount = Math.floor(random() * 5);
    const bends = Array.from({ length: bendCount }, (_, i) => {
      const f = (i + 1) / (bendCount + 1);
      return jitter([start[0] + f * (end[0] - start[0]), start[1] + f * (end[1] - start[1])], 400);
    });
    paths.push([start, ...bends, end]);
  }
  const metersPerLon = 111_320 * Math.cos((origin[1] * Math.PI) / 180);
  const wrapped = (lon: number) => (lon > 180 ? lon - 360 : lon); // the antimeridian case crosses it
  return paths.map((path) =>
    line(...path.map(([x, y]): Position => [wrapped(origin[0] + x / metersPerLon), origin[1] + y / 110_574])),
  );
}

// Manhattan; Tromsø and Longyearbyen, where a meter is many more degrees of longitude; Santiago (south); Fiji, on the
// antimeridian.
const PLACES: [string, Position][] = [
  ["new york", [-73.99, 40.75]],
  ["tromsø", [18.95, 69.65]],
  ["longyearbyen", [15.6, 78.22]],
  ["santiago", [-70.65, -33.45]],
  ["fiji", [179.995, -16.5]],
];

/** One link per route, two per member; some DOWN, one without a route, structures at the bends. */
function randomGroup(seed: number, origin: Position): GroupMember[] {
  const random = seeded(seed * 7919);
  const routes = randomRoutes(seed, origin, 12);
  const links = routes.map((route, i) =>
    link({
      name: `ch${(i % 2) + 1}`,
      device: `d${i}`,
      conduit: `c${i % 5}`,
      operState: random() < 0.15 ? "DOWN" : "UP",
      ...(i === 5 ? {} : { route }),
      structures: route.coordinates.map(([lon, lat], k) => ({
        id: `mh-${Math.round(lon * 2e3)}-${Math.round(lat * 2e3)}-${k % 2}`,
        kind: "manhole" as const,
        lon,
        lat,
      })),
    }),
  );
  return Array.from({ length: links.length / 2 }, (_, m) => ({
    interconnect: `ic${m}`,
    connectionId: `pc-${m}`,
    maintenance: [],
    links: links.slice(m * 2, m * 2 + 2),
  }));
}

describe("diversity on route geometry: the R-tree prefilter changes no result", () => {
  const oneLinkEach = (routes: Route[]): GroupMember[] =>
    routes.map((route, i) => ({
      interconnect: `ic${i}`,
      connectionId: `pc-${i}`,
      maintenance: [],
      links: [link({ name: "ch1", device: `d${i}`, conduit: `c${i}`, route, structures: [] })],
    }));

  const cases = PLACES.flatMap(([place, origin], p) =>
    [
      { threshold: 3, convergence: 0, cut: 2 },
      { threshold: 10, convergence: 150, cut: 4 },
      { threshold: 40, convergence: 60, cut: 25 },
    ].map((radii, r) => ({ place, origin, seed: 1 + p * 3 + r, ...radii })),
  );

  for (const { place, origin, seed, threshold, convergence, cut } of cases) {
    it(`${place}, seed ${seed}: minSeparation ${threshold} m, convergence ${convergence} m, cut ${cut} m`, () => {
      const group = randomGroup(seed, origin);
      const policy = validatePolicy({
        minLinks: 2,
        distinct: ["conduit"],
        minSeparationMeters: threshold,
        convergenceRadiusMeters: convergence,
        cutRadiusMeters: cut,
      });
      if (!policy.ok) expect.fail(JSON.stringify(policy.failures));
      const result = evaluatePolicy(policy.policy, group);
      const routed = group.flatMap((member) =>
        member.links.flatMap((l) =>
          l.route ? [{ ref: `${member.interconnect}/${l.name}`, route: l.route, up: l.operState === "UP" }] : [],
        ),
      );
      const expected = routed.flatMap((a, i) =>
        routed.slice(i + 1).flatMap((b) => {
          const runs = referenceCloseRuns(a.route, b.route, threshold, convergence);
          return runs.length > 0 ? [{ links: [a.ref, b.ref], segments: runs }] : [];
        }),
      );
      const actual = result.blockers
        .filter((blocker) => blocker.rule === "minSeparation")
        .map((blocker) => ({ links: blocker.links, segments: blocker.place?.segments }));
      expect(actual).to.deep.equal(expected);
      expect(expected.length, "the case exercises close runs").to.be.greaterThan(0);
      const worst = referenceWorstCut(routed, cut, convergence);
      expect(result.worstCut).to.deep.equal(worst);
      const up = routed.filter((r) => r.up).length;
      expect(result.survivesSingleFailure.cut).to.equal(up > 1 && (!worst || worst.links.length < up));
    });
  }

  it("longitudes wrap: a route is close to the segments across the antimeridian from it", () => {
    // B crosses the antimeridian, then runs north 0.0002° of longitude (21 m) east of A, on the other side of it.
    const a = line([179.9999, -16.499], [179.9999, -16.49]);
    const b = line([179.9998, -16.6], [-179.9999, -16.499], [-179.9999, -16.49]);
    const runs = closeRuns(a, b, { thresholdMeters: 30, convergenceRadiusMeters: 0 });
    expect(runs).to.have.length(1);
    expect(runs).to.deep.equal(referenceCloseRuns(a, b, 30, 0));
    const routed = [a, b].map((route, i) => ({ ref: `ic${i}/ch1`, route, up: true }));
    const policy = validatePolicy({
      minLinks: 2,
      distinct: ["conduit"],
      cutRadiusMeters: 25,
      convergenceRadiusMeters: 0,
    });
    if (!policy.ok) expect.fail(JSON.stringify(policy.failures));
    const { worstCut } = evaluatePolicy(policy.policy, oneLinkEach([a, b]));
    expect(worstCut).to.deep.equal(referenceWorstCut(routed, 25, 0));
    expect(worstCut!.links).to.have.length(2);
  });

  it("closeRuns between two routes matches the reference too (plan and emulator placement call it per pair)", () => {
    const routes = randomRoutes(99, PLACES[0][1], 8);
    for (const a of routes) {
      for (const b of routes) {
        if (a === b) continue;
        const options = { thresholdMeters: 12, convergenceRadiusMeters: 100 };
        expect(closeRuns(a, b, options)).to.deep.equal(referenceCloseRuns(a, b, 12, 100));
      }
    }
  });
});
