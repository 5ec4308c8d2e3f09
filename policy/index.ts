// The CrossGuard policy pack of pulumi-interconnect: `pulumi preview --policy-pack policy` (see ./policies.ts).
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("interconnect-guardrails", {
  description:
    "MACsec, allowed bandwidth tiers, the bandwidth step guard and conduit-diverse redundancy for interconnects.",
  enforcementLevel: "mandatory",
  policies,
});
