// The public types (provider/types.ts, plain TypeScript so index.d.ts never loads zod) against the types the
// implementation derives from its zod schemas. Checked by the type-check (`npm run typecheck`, run by pretest): a
// drift is a compile error here. The resource types this package's folders own must be equal; the diversity types
// (provider/diversity, evolving) must at least be compatible in the direction users rely on.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as schemaAws from "../../schema/aws";
import type * as schemaCustomer from "../../schema/customer";
import type * as diversity from "../../provider/diversity";
import type { DiversityPolicyInput as InternalPolicyInput } from "../../provider/diversity/policy";
import type { ActivationKeyOutputs as AkImpl } from "../../provider/activation-key/impl";
import type { InterconnectOutputs as IcImpl } from "../../provider/interconnect/impl";
import type { ConnectionProposalAccepterOutputs as CpaImpl } from "../../provider/connection-proposal-accepter/impl";
import type {
  Enforcement as EnforcementImpl,
  RedundantLinkGroupOutputs as RlgImpl,
} from "../../provider/redundant-link-group/impl";
import { BANDWIDTH_TIERS_GBPS as SCHEMA_TIERS } from "../../schema/aws";
import * as pub from "../../provider/types";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const equal = <A, B>(proof: Equal<A, B>) => proof;
const assignable = <From, To>(proof: [From] extends [To] ? true : false) => proof;
/** The outputs a program reads: the implementation's outputs minus the inputs it echoes back. */
type Read<T, K extends keyof T> = Pick<T, K>;

export const proofs = [
  equal<pub.BandwidthGbps, schemaAws.BandwidthGbps>(true),
  equal<pub.ConnectionState, schemaAws.ConnectionState>(true),
  equal<pub.DiversityDimension, schemaCustomer.DiversityDimension>(true),
  equal<pub.MacsecMode, schemaCustomer.MacsecMode>(true),
  equal<pub.PartnerConnectionState, schemaCustomer.PartnerConnectionState>(true),
  equal<pub.VerificationState, schemaCustomer.PartnerConnection["verificationState"]>(true),
  equal<pub.Enforcement, EnforcementImpl>(true),
  // bandwidthGbps is the tier union publicly and a number inside (check() has validated it).
  assignable<pub.BandwidthGbps, AkImpl["bandwidthGbps"]>(true),
  equal<
    Omit<pub.ActivationKeyOutputs, "bandwidthGbps">,
    Omit<Read<AkImpl, keyof pub.ActivationKeyOutputs>, "bandwidthGbps">
  >(true),
  equal<pub.ConnectionProposalAccepterOutputs, Read<CpaImpl, keyof pub.ConnectionProposalAccepterOutputs>>(true),
  equal<pub.InterconnectOutputs, Read<IcImpl, keyof pub.InterconnectOutputs>>(true),
  // Diversity (provider/diversity): what the provider reports can be read through the public types, and every
  // policy the public type allows is one the provider's schema takes.
  assignable<diversity.Blocker, pub.Blocker>(true),
  assignable<diversity.LinkSummary, pub.LinkSummary>(true),
  assignable<diversity.MaintenanceConflict, pub.MaintenanceConflict>(true),
  assignable<Read<RlgImpl, keyof pub.RedundantLinkGroupOutputs>, pub.RedundantLinkGroupOutputs>(true),
  assignable<pub.DiversityPolicyInput, InternalPolicyInput>(true),
];

describe("public types (provider/types.ts)", () => {
  it("match the implementation's schema-derived types (compile-time proofs above)", () => {
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
