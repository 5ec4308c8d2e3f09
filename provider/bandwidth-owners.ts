// Which ActivationKey of this program owns a connection's bandwidth: the ActivationKey class records itself here, and an
// Interconnect handed that key's output looks its owner up (./interconnect/ownership.ts compares them at check).
import * as pulumi from "@pulumi/pulumi";

/** The ActivationKey that owns a connection's bandwidth, as an Interconnect of the same program passes it on. */
export interface BandwidthOwner {
  resource: string;
  bandwidthGbps: pulumi.Input<number>;
  /** Known in the preview of an update, unknown in that of a replacement: tells the two apart for the Interconnect. */
  connectionId: pulumi.Input<string>;
}

/** Each ActivationKey of this program by its `activationKey` output: the value an Interconnect is handed. */
const keyOwners = new WeakMap<pulumi.Output<string>, BandwidthOwner>();

/** Records the ActivationKey whose `activationKey` output is `activationKey`, for an Interconnect handed that output. */
export const recordBandwidthOwner = (activationKey: pulumi.Output<string>, owner: BandwidthOwner): void => {
  keyOwners.set(activationKey, owner);
};

/** The ActivationKey of this program whose `activationKey` output `activationKey` is, if it is one. */
export const bandwidthOwnerOf = (activationKey: unknown): BandwidthOwner | undefined =>
  pulumi.Output.isInstance(activationKey) ? keyOwners.get(activationKey as pulumi.Output<string>) : undefined;
