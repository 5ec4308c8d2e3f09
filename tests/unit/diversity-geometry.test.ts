import { expect } from "chai";
import { applyCarrierRoutes, CarrierRoutesSchema, evaluatePolicy, validatePolicy } from "../../provider/diversity";
import { closeRuns, type Position, type Route } from "../../schema/geometry";
import type { GroupMember } from "../../provider/diversity";
import { link } from "./fixtures";
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
