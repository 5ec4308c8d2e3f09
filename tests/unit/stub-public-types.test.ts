// The public types against the schemas, checked by the type-check (`npm run typecheck`, run by pretest): a drift is a
// compile error here. Most public types are generated from the schemas (provider/generated/types.ts, `npm run
// schema`, kept fresh by schema-fresh.test.ts); these proofs check the generator's output equals what zod derives,
// that each resource class declares exactly its schema's outputs, and that the hand-written diversity types
// (provider/report-types.ts) can read what the provider reports.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type * as schemaAws from "../../schema/aws";
import type * as schemaCustomer from "../../schema/customer";
import type * as diversity from "../../provider/diversity";
import type { DiversityPolicyInput as InternalPolicyInput } from "../../provider/diversity/policy";
import type { ActivationKeyInputsSchema, ActivationKeyOutputsSchema } from "../../provider/activation-key/schema";
import type {
  ConnectionProposalAccepterInputsSchema,
  ConnectionProposalAccepterOutputsSchema,
} from "../../provider/connection-proposal-accepter/schema";
import type {
  InterconnectInputsSchema,
  InterconnectOutputsSchema,
  LinkOutputSchema,
} from "../../provider/interconnect/schema";
import type {
  EnforcementSchema,
  RedundantLinkGroupInputsSchema,
  RedundantLinkGroupOutputsSchema,
} from "../../provider/redundant-link-group/schema";
import type { ActivationKey } from "../../provider/activation-key";
import type { ConnectionProposalAccepter } from "../../provider/connection-proposal-accepter";
import type { Interconnect } from "../../provider/interconnect";
import type { RedundantLinkGroup } from "../../provider/redundant-link-group";
import { BANDWIDTH_TIERS_GBPS as SCHEMA_TIERS } from "../../schema/aws";
import * as pub from "../../provider/types";
import type { INTERNAL_INPUTS } from "../../provider/common/schema-docs";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const equal = <A, B>(proof: Equal<A, B>) => proof;
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type Interchangeable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Same members and optionality, each of a type the other side accepts both ways. (zod's inferred object types are
 * intersections, never identical to an interface even when every member is; nested ones likewise.)
 */
type SameMembers<A, B> =
  Equal<keyof A, keyof B> extends true
    ? Equal<OptionalKeys<A>, OptionalKeys<B>> extends true
      ? { [K in keyof A]-?: Interchangeable<A[K], B[K & keyof B]> }[keyof A] extends true
        ? true
        : false
      : false
    : false;
const sameMembers = <A, B>(proof: SameMembers<A, B>) => proof;
/**
 * A generated argument shape against what the schema takes (z.input): the same arguments, each of a type accepted
 * both ways. Optionality may differ: check fills in defaults, so those arguments are optional in the shape.
 */
type ArgsMatch<Shape, Input, Except extends keyof Shape = never> =
  Equal<keyof Shape, Exclude<keyof Input, (typeof INTERNAL_INPUTS)[number]>> extends true
    ? {
        [K in Exclude<keyof Shape, Except>]-?: Interchangeable<
          NonNullable<Shape[K]>,
          NonNullable<Input[K & keyof Input]>
        >;
      }[Exclude<keyof Shape, Except>] extends true
      ? true
      : false
    : false;
const argsMatch = <Shape, Input, Except extends keyof Shape = never>(proof: ArgsMatch<Shape, Input, Except>) => proof;
const assignable = <From, To>(proof: [From] extends [To] ? true : false) => proof;
/** The outputs a resource class declares: its `pulumi.Output` members other than the engine's own (id, urn). */
type DeclaredOutputs<Resource> = {
  [
    K in keyof Resource as K extends "id" | "urn" ? never : Resource[K] extends pulumi.Output<unknown> ? K : never
  ]: Resource[K];
};
/** What a class declares for outputs `O`: each one a pulumi.Output of its type. */
type OutputMembers<O> = { [K in keyof O]-?: pulumi.Output<O[K]> };

export const proofs = [
  equal<pub.BandwidthGbps, schemaAws.BandwidthGbps>(true),
  equal<pub.ConnectionState, schemaAws.ConnectionState>(true),
  equal<pub.DiversityDimension, schemaCustomer.DiversityDimension>(true),
  equal<pub.Dimension, pub.DiversityDimension>(true),
  equal<pub.MacsecMode, schemaCustomer.MacsecMode>(true),
  equal<pub.PartnerConnectionState, schemaCustomer.PartnerConnectionState>(true),
  equal<pub.VerificationState, schemaCustomer.PartnerConnection["verificationState"]>(true),
  equal<pub.Enforcement, z.output<typeof EnforcementSchema>>(true),
  sameMembers<pub.LinkOutput, z.output<typeof LinkOutputSchema>>(true),
  // Each resource's argument shape is what its schema takes.
  argsMatch<pub.ActivationKeyArgsShape, z.input<typeof ActivationKeyInputsSchema>>(true),
  argsMatch<pub.ConnectionProposalAccepterArgsShape, z.input<typeof ConnectionProposalAccepterInputsSchema>>(true),
  argsMatch<pub.InterconnectArgsShape, z.input<typeof InterconnectInputsSchema>>(true),
  // carrierRoutes is published as `object` on purpose: programs pass their own GeoJSON types or parsed JSON.
  argsMatch<pub.RedundantLinkGroupArgsShape, z.input<typeof RedundantLinkGroupInputsSchema>, "carrierRoutes">(true),
  // Each resource's outputs: the generated type is what its schema derives, and its class declares exactly them.
  sameMembers<pub.ActivationKeyOutputs, z.output<typeof ActivationKeyOutputsSchema>>(true),
  sameMembers<pub.ConnectionProposalAccepterOutputs, z.output<typeof ConnectionProposalAccepterOutputsSchema>>(true),
  sameMembers<pub.InterconnectOutputs, z.output<typeof InterconnectOutputsSchema>>(true),
  sameMembers<pub.RedundantLinkGroupOutputs, z.output<typeof RedundantLinkGroupOutputsSchema>>(true),
  sameMembers<DeclaredOutputs<ActivationKey>, OutputMembers<pub.ActivationKeyOutputs>>(true),
  sameMembers<DeclaredOutputs<ConnectionProposalAccepter>, OutputMembers<pub.ConnectionProposalAccepterOutputs>>(true),
  sameMembers<DeclaredOutputs<Interconnect>, OutputMembers<pub.InterconnectOutputs>>(true),
  sameMembers<DeclaredOutputs<RedundantLinkGroup>, OutputMembers<pub.RedundantLinkGroupOutputs>>(true),
  // Diversity (provider/diversity): what the provider reports can be read through the public types, and every
  // policy the public type allows is one the provider's schema takes.
  assignable<diversity.Blocker, pub.Blocker>(true),
  assignable<diversity.LinkSummary, pub.LinkSummary>(true),
  assignable<diversity.MaintenanceConflict, pub.MaintenanceConflict>(true),
  assignable<diversity.Survival, pub.Survival>(true),
  assignable<diversity.WorstCut, pub.WorstCut>(true),
  assignable<pub.DiversityPolicyInput, InternalPolicyInput>(true),
];

describe("public types (provider/types.ts, provider/generated/types.ts)", () => {
  it("match the schemas, and the classes declare their schemas' outputs (compile-time proofs above)", () => {
    expect(proofs.every((p) => typeof p === "boolean")).to.equal(true);
    expect([...pub.BANDWIDTH_TIERS_GBPS]).to.deep.equal([...SCHEMA_TIERS]);
  });

  it("index.d.ts reaches no zod, fastify or axios declarations", () => {
    // Every declaration file the public entry point imports, transitively, from the build output.
    const dist = path.resolve(__dirname, "../../dist/provider");
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, "utf8");
      for (const match of text.matchAll(/from "([^"]+)"|import\("([^"]+)"\)/g)) {
        const spec = match[1] ?? match[2];
        expect(spec, `${path.relative(dist, file)} imports ${spec}`).not.to.match(/^(zod|fastify|axios)(\/|$)/);
        if (spec.startsWith(".")) {
          const next = path.resolve(path.dirname(file), spec);
          visit(fs.existsSync(`${next}.d.ts`) ? `${next}.d.ts` : path.join(next, "index.d.ts"));
        }
      }
    };
    visit(path.join(dist, "index.d.ts"));
    const relative = [...seen].map((f) => path.relative(dist, f));
    const internal = relative.filter((f) => f.includes("schema") || f.endsWith("impl.d.ts"));
    expect(internal, "index.d.ts reaches schema or impl declarations").to.deep.equal([]);
  });
});
