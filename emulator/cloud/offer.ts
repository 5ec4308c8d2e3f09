// What this AWS Interconnect endpoint offers: the region it serves, the environments that land there, the tiers that
// fit right now, and the checks of an order against them (ValidationException naming what is offered).
import { fromWireBandwidth, toWireBandwidth, type Environment } from "../../schema/aws";
import { DEFAULT_AWS_REGION } from "../identities";
import type { SpecRecords } from "../coordinator/spec-records";
import type { EnvironmentSpec } from "../world/catalog";
import { clientError, validationError } from "./aws/errors";
import { awsEnvironmentView } from "./views";

export class CloudOffer {
  /** The AWS region this endpoint serves (SigV4 scope, ARNs). */
  region = DEFAULT_AWS_REGION;
  /** Offer only the environments that land in `region` (a region was chosen); false: those of every region. */
  private regionOnly = false;
  private activationPageUrl: string | undefined;

  constructor(private readonly records: SpecRecords) {}

  /**
   * The AWS region this endpoint serves (ARNs; with `regionOnly`, also the only region whose environments it offers)
   * and the partner portal page environments point to.
   */
  configure(opts: { region?: string; regionOnly?: boolean; activationPageUrl?: string }): void {
    if (opts.region) this.region = opts.region;
    if (opts.regionOnly !== undefined) this.regionOnly = opts.regionOnly;
    if (opts.activationPageUrl) this.activationPageUrl = opts.activationPageUrl;
  }

  /** Tiers that fit on at least one interconnect of the environment right now. */
  availableTiers(env: EnvironmentSpec): number[] {
    const freest = Math.max(...env.interconnects.map((ic) => this.records.availableMbps(env.id, ic.id)));
    return env.supportedBandwidthsGbps.filter((g) => g * 1000 <= freest);
  }

  environmentView(env: EnvironmentSpec): Environment {
    return awsEnvironmentView(env, this.availableTiers(env), this.activationPageUrl);
  }

  /** "Lists all of the environments that can produce connections that will land in the called AWS region." */
  offeredEnvironments(): EnvironmentSpec[] {
    return this.records.inventory.catalog.environments.filter(
      (env) => !this.regionOnly || env.cloudRegion === this.region,
    );
  }

  offeredIds(): string {
    return this.offeredEnvironments()
      .map((e) => e.id)
      .join(", ");
  }

  /** Why `env` is not offered here, when it lands in another region than this endpoint serves. */
  otherRegion(env: EnvironmentSpec): string | undefined {
    if (!this.regionOnly || env.cloudRegion === this.region) return undefined;
    return `environment ${env.id} lands in ${env.cloudRegion}, not in ${this.region} (the region this endpoint serves); call the ${env.cloudRegion} endpoint`;
  }

  /** An environment this endpoint offers (CreateConnection, ListAttachPoints), else a ValidationException. */
  environmentFor(id: string): EnvironmentSpec {
    const env = this.records.inventory.environment(id);
    const elsewhere = env && this.otherRegion(env);
    if (env && !elsewhere) return env;
    const why = elsewhere ?? `environmentId ${id} is not an environment of this service`;
    throw validationError(`${why}; ListEnvironments offers: ${this.offeredIds()}`);
  }

  supportedBandwidth(env: EnvironmentSpec, bandwidth: string): number {
    const gbps = fromWireBandwidth(bandwidth);
    if (gbps !== undefined && env.supportedBandwidthsGbps.includes(gbps)) return gbps;
    throw validationError(
      `bandwidth ${bandwidth} is not supported in ${env.id}; supported: ${env.supportedBandwidthsGbps.map(toWireBandwidth).join(", ")}`,
    );
  }

  orderableBandwidth(env: EnvironmentSpec, bandwidth: string): number {
    const gbps = this.supportedBandwidth(env, bandwidth);
    const available = this.availableTiers(env);
    if (available.includes(gbps)) return gbps;
    throw clientError(
      `bandwidth ${bandwidth} is not available in ${env.id} right now (no interconnect has room); available: ${available.map(toWireBandwidth).join(", ") || "none"}`,
    );
  }
}
