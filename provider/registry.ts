// `pulumi-interconnect/provider`: the one entry point every resource's stored stub loads (see ./stub.ts). It maps a
// resource type name to its implementation. Type names are forever: a resource stored today must load in every later
// release, so a renamed or moved implementation changes only the table below, never the name.
import type * as pulumi from "@pulumi/pulumi";
import { withResourceUrn } from "./progress";
import type { ResourceTypeName } from "./stub";

type Provider = pulumi.dynamic.ResourceProvider;

/** The `resourceUrn` input (set by every resource class) of the first property bag that has one. */
const urnOf = (...bags: unknown[]): string | undefined =>
  bags
    .map((bag) => (bag as { resourceUrn?: unknown } | undefined)?.resourceUrn)
    .find((urn): urn is string => typeof urn === "string" && urn.startsWith("urn:"));

/**
 * The provider with each operation run "on" its resource, so every line printed meanwhile (a retry notice from deep
 * in an API client, say) is attached to that resource (./progress.ts).
 */
function attachedToResource(p: Provider): Provider {
  return {
    ...p,
    check: p.check && ((olds, news) => withResourceUrn(urnOf(news, olds), () => p.check!(olds, news))),
    diff: p.diff && ((id, olds, news) => withResourceUrn(urnOf(news, olds), () => p.diff!(id, olds, news))),
    create: (inputs) => withResourceUrn(urnOf(inputs), () => p.create(inputs)),
    read: p.read && ((id, props) => withResourceUrn(urnOf(props), () => p.read!(id, props))),
    update: p.update && ((id, olds, news) => withResourceUrn(urnOf(news, olds), () => p.update!(id, olds, news))),
    delete: p.delete && ((id, props) => withResourceUrn(urnOf(props), () => p.delete!(id, props))),
  };
}

/** A resource folder's implementation, loaded on first use: a provider process loads only what its resources use. */
function implementation(folder: string): Provider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy and synchronous, as the engine calls it
  return (require(`./${folder}/impl`) as { provider: Provider }).provider;
}

const IMPLEMENTATIONS: Record<ResourceTypeName, () => Provider> = {
  ActivationKey: () => implementation("activation-key"),
  ConnectionProposalAccepter: () => implementation("connection-proposal-accepter"),
  Interconnect: () => implementation("interconnect"),
  RedundantLinkGroup: () => implementation("redundant-link-group"),
};

/** The dynamic provider of resource type `type` (e.g. "Interconnect"). */
export function load(type: string): Provider {
  const implementation = Object.prototype.hasOwnProperty.call(IMPLEMENTATIONS, type)
    ? IMPLEMENTATIONS[type as ResourceTypeName]
    : undefined;
  if (!implementation) {
    throw new Error(
      `pulumi-interconnect has no resource type "${type}" (known: ${Object.keys(IMPLEMENTATIONS).join(", ")}); ` +
        `the state was written by a newer release: upgrade pulumi-interconnect`,
    );
  }
  return attachedToResource(implementation());
}
