// The topology family of the spec: providers, environments, interconnects and channels, and their views.
import { ROLES } from "../identities";
import { notFound } from "../http/errors";
import { paginate } from "../http/paging";
import type { ChannelSpec, EnvironmentSpec, InterconnectSpec } from "../world/catalog";
import { page, providerIdOf } from "./format";
import type { SpecHandlers } from "./request";
import type { SpecRecords } from "./spec-records";

export class TopologyFamily {
  constructor(private readonly records: SpecRecords) {}

  private providers() {
    return [this.records.name, this.records.peerRole].map((role) => ({
      name: `providers/${ROLES[role].providerId}`,
      displayName: ROLES[role].displayName,
    }));
  }

  private environmentView(env: EnvironmentSpec) {
    return {
      name: this.records.envName(env.id),
      providerSites: [
        {
          providerId: `providers/${ROLES.cloud.providerId}`,
          site: env.cloudRegion,
          displayName: env.cloudRegionDisplay,
        },
        {
          providerId: `providers/${ROLES.partner.providerId}`,
          site: env.partnerMetro,
          displayName: env.partnerMetroDisplay,
        },
      ],
      apiUri: `providers/${this.records.id}/environments/${env.id}`,
      supportedConnectionSizeMbps: env.supportedBandwidthsGbps.map((g) => g * 1000),
      supportedFeatures: ["FEATURE_TYPE_L3_BASE"],
      environmentVisibility: "ENVIRONMENT_VISIBILITY_PUBLIC",
      deferralTimeoutHours: 24,
      deferConnectionProvisioning: false,
    };
  }

  private interconnectView(env: EnvironmentSpec, ic: InterconnectSpec) {
    return {
      name: this.records.icName(env.id, ic.id),
      supportedConnectionSizeMbps: env.supportedBandwidthsGbps.map((g) => g * 1000),
      supportedFeatures: ["FEATURE_TYPE_L3_BASE"],
      state: "INTERCONNECT_STATE_ACTIVE",
      maxBandwidthMbps: ic.maxBandwidthMbps,
      availableBandwidthMbps: Math.max(0, this.records.availableMbps(env.id, ic.id)),
    };
  }

  private channelView(env: string, ic: InterconnectSpec, ch: ChannelSpec) {
    return {
      name: this.records.chName(env, ic.id, ch.id),
      macsecManagerProvider: `providers/${providerIdOf(ch.macsecManager)}`,
      crossConnectManagerProvider: `providers/${ROLES.partner.providerId}`,
      aggregateChannelSizeGbps: ic.channelMemberSizeGbps * ic.membersPerChannel,
      channelMemberSizeGbps: ic.channelMemberSizeGbps,
      obfuscatedDeviceId: ch.device,
      demarc: ch.demarc,
      adminState: "ADMIN_STATE_ENABLED",
    };
  }

  handlers() {
    const records = this.records;
    return {
      ListProviders: ({ query }) => {
        const { items, nextPageToken } = paginate(this.providers(), query);
        return { providers: items, environments: items, ...(nextPageToken ? { nextPageToken } : {}) };
      },
      GetProvider: ({ params }) => {
        const found = this.providers().find((p) => p.name === `providers/${params.provider}`);
        if (!found) throw notFound(`provider ${params.provider} does not exist`);
        return found;
      },
      ListEnvironments: ({ query }) =>
        page(
          "environments",
          records.inventory.catalog.environments.map((e) => this.environmentView(e)),
          query,
        ),
      GetEnvironment: ({ params }) => this.environmentView(records.envOf(params)),
      ListInterconnects: ({ params, query }) => {
        const env = records.envOf(params);
        return page(
          "interconnects",
          env.interconnects.map((ic) => this.interconnectView(env, ic)),
          query,
        );
      },
      GetInterconnect: ({ params }) => this.interconnectView(records.envOf(params), records.icOf(params)),
      ListChannels: ({ params, query }) => {
        const ic = records.icOf(params);
        return page(
          "channels",
          ic.channels.map((ch) => this.channelView(params.environment, ic, ch)),
          query,
        );
      },
      GetChannel: ({ params }) => this.channelView(params.environment, records.icOf(params), records.channelOf(params)),
    } satisfies Partial<SpecHandlers>;
  }
}
