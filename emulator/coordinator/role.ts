// The spec (Connection Coordinator) side of one emulated provider. Both roles serve the same 33 operations for their
// peer; the subclasses (../cloud/backend.ts, ../partner/backend.ts) add their customer API and the role-specific admission rules. The core
// (names, lookups, records, views) is role-core.ts; the MACsec and maintenance families are composed objects
// (./macsec.ts, ./maintenance.ts), as the issues family is (./issues.ts).
import { conflict, exhausted, invalidArgument, notFound } from "../http/errors";
import { paginate } from "../http/paging";
import { ROLES } from "../defaults";
import { environmentOfUri, page, parseActivationKey, RoleCore } from "./role-core";
import { MacsecFamily } from "./macsec";
import { MaintenanceFamily } from "./maintenance";
import { issueHandlers } from "./issues";
import type { SpecHandlers } from "./request";
import { own } from "../state/store";

export * from "./role-core";
export type { SpecHandlers } from "./request";

export abstract class ProviderRole extends RoleCore {
  readonly macsec = new MacsecFamily(this);
  readonly maintenance = new MaintenanceFamily(this);

  /** The 33 spec operations. */
  specHandlers(): SpecHandlers {
    return {
      ...this.topologyHandlers(),
      ...this.maintenance.handlers(),
      ...this.macsec.handlers(),
      ...this.connectionHandlers(),
      ...this.featureHandlers(),
      ...issueHandlers(
        {
          issues: () => this.state.issues,
          now: () => this.now(),
          touch: () => this.store.touch(),
          peerId: this.peerId,
        },
        page,
      ),
    };
  }

  /** Providers, environments (and activation keys), interconnects and channels. */
  private topologyHandlers() {
    const providers = () =>
      [this.name, this.peerRole].map((role) => ({
        name: `providers/${ROLES[role].providerId}`,
        displayName: ROLES[role].displayName,
      }));
    return {
      ListProviders: ({ query }) => {
        const { items, nextPageToken } = paginate(providers(), query);
        return { providers: items, environments: items, ...(nextPageToken ? { nextPageToken } : {}) };
      },
      GetProvider: ({ params }) => {
        const found = providers().find((p) => p.name === `providers/${params.provider}`);
        if (!found) throw notFound(`provider ${params.provider} does not exist`);
        return found;
      },
      ListEnvironments: ({ query }) =>
        page(
          "environments",
          this.inventory.catalog.environments.map((e) => this.environmentView(e)),
          query,
        ),
      GetEnvironment: ({ params }) => this.environmentView(this.envOf(params)),
      ConfirmActivationKey: ({ params, body, idempotencyKey }) => {
        const env = this.envOf(params);
        let encoded = body.encodedKey;
        if (!encoded && body.key) encoded = Buffer.from(JSON.stringify(body.key)).toString("base64");
        if (!encoded) throw invalidArgument("encodedKey is required");
        const key = parseActivationKey(encoded);
        if (environmentOfUri(key.destinationEnvironmentUri) !== env.id) {
          throw invalidArgument(
            `the key is for environment ${environmentOfUri(key.destinationEnvironmentUri)}, not ${env.id}`,
          );
        }
        this.confirmActivationKey(env, key, encoded, idempotencyKey);
        return { keyValid: true };
      },
      ListInterconnects: ({ params, query }) => {
        const env = this.envOf(params);
        return page(
          "interconnects",
          env.interconnects.map((ic) => this.interconnectView(env, ic)),
          query,
        );
      },
      GetInterconnect: ({ params }) => this.interconnectView(this.envOf(params), this.icOf(params)),
      ListChannels: ({ params, query }) => {
        const ic = this.icOf(params);
        return page(
          "channels",
          ic.channels.map((ch) => this.channelView(params.environment, ic, ch)),
          query,
        );
      },
      GetChannel: ({ params }) => this.channelView(params.environment, this.icOf(params), this.channelOf(params)),
    } satisfies Partial<SpecHandlers>;
  }

  private connectionHandlers() {
    return {
      ListConnections: ({ params, query }) => {
        this.icOf(params);
        const prefix = `${this.icName(params.environment, params.interconnect)}/connections/`;
        const conns = Object.values(this.state.connections)
          .filter((c) => c.name.startsWith(prefix))
          .sort((a, b) => a.createdAt - b.createdAt);
        return page(
          "connections",
          conns.map((c) => this.connectionView(c)),
          query,
        );
      },
      CreateConnection: ({ params, query, body }) => {
        const env = this.envOf(params);
        const ic = this.icOf(params);
        const uuid = query.connectionId;
        if (!uuid) throw invalidArgument("connectionId is required");
        if (own(this.state.connections, this.connName(env.id, ic.id, uuid)))
          throw conflict(`connection ${uuid} already exists on ${ic.id}`, "ALREADY_EXISTS");
        if (body.deferProvisioning === true)
          throw invalidArgument(`providers/${this.id} does not accept deferred provisioning in ${env.id}`);
        const mbps = body.bandwidthMbps;
        if (mbps === undefined || !env.supportedBandwidthsGbps.map((g) => g * 1000).includes(mbps)) {
          throw invalidArgument(
            `bandwidthMbps must be one of ${env.supportedBandwidthsGbps.map((g) => g * 1000).join(", ")}`,
          );
        }
        if (this.availableMbps(env.id, ic.id) < mbps)
          throw exhausted(
            `${ic.id} has only ${Math.max(0, this.availableMbps(env.id, ic.id))} Mbps left; choose another interconnect`,
          );
        this.admitConnection(env, ic, uuid, body);
        return this.connectionView(this.createLocalConnection(env.id, ic.id, uuid, mbps, body.activationKey));
      },
      GetConnection: ({ params }) => this.connectionView(this.connOf(params)),
      UpdateConnection: ({ params, query, body }) => {
        const conn = this.connOf(params);
        const mask = (query.updateMask ?? Object.keys(body).join(","))
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const unsupported = mask.filter((f) => f !== "bandwidthMbps");
        if (unsupported.length)
          throw invalidArgument(`only bandwidthMbps can be updated (got ${unsupported.join(", ")})`);
        if (!mask.includes("bandwidthMbps")) return this.connectionView(conn);
        const mbps = body.bandwidthMbps;
        const env = this.envOf(params);
        if (mbps === undefined || !env.supportedBandwidthsGbps.map((g) => g * 1000).includes(mbps))
          throw invalidArgument(`unsupported bandwidthMbps ${mbps}`);
        if (mbps === conn.bandwidthMbps) {
          // Nothing to change here, but the caller has reset its side and waits for our final status: report it again.
          conn.notifiedFinal = false;
          this.store.touch();
          return this.connectionView(conn);
        }
        if (this.availableMbps(conn.environment, conn.interconnect) + conn.bandwidthMbps < mbps) {
          throw exhausted(
            `${conn.interconnect} has no room for ${mbps} Mbps; migrate the connection to another interconnect`,
          );
        }
        this.admitUpdate(conn, mbps);
        this.reprovision(conn, mbps);
        return this.connectionView(conn);
      },
      DeleteConnection: ({ params }) => {
        this.deleteLocalConnection(this.connOf(params), true);
        return {};
      },
    } satisfies Partial<SpecHandlers>;
  }

  private featureHandlers() {
    return {
      GenerateFeatureGuidance: ({ params, query, body }) => {
        const conn = this.connOf(params);
        const ic = this.icOf(params);
        const only = query.channel ?? query.channelId ?? body.channel;
        const channels = only ? ic.channels.filter((c) => c.id === this.shortId(only)) : ic.channels;
        if (only && channels.length === 0) throw notFound(`channel ${only} does not exist on ${ic.id}`);
        return { featureGuidance: channels.map((ch) => this.guidanceFor(conn.environment, ic, ch)) };
      },
      NotifyConnectionStatus: async ({ params }) => {
        const conn = this.connOf(params);
        conn.peerRefreshPending = true;
        this.store.touch();
        await this.refreshFromPeer(conn).catch(() => undefined); // retried by tick() when the peer is unreachable
        return {};
      },
      ListFeatures: ({ params, query }) =>
        page("features", this.featuresOf(this.connOf(params).name).map(this.featureView), query),
      CreateFeature: ({ params, query, body }) => {
        const conn = this.connOf(params);
        const ic = this.icOf(params);
        if (!query.featureId) throw invalidArgument("featureId is required");
        if (own(this.state.features, `${conn.name}/features/${query.featureId}`))
          throw conflict(`feature ${query.featureId} already exists`, "ALREADY_EXISTS");
        const { channel, config } = this.validateFeature(conn, ic, body);
        return this.featureView(
          this.addLocalFeature(conn, query.featureId, this.chName(conn.environment, ic.id, channel.id), config),
        );
      },
      GetFeature: ({ params }) => {
        const conn = this.connOf(params);
        const feature = own(this.state.features, `${conn.name}/features/${params.feature}`);
        if (!feature) throw notFound(`feature ${params.feature} does not exist`);
        return this.featureView(feature);
      },
      DeleteFeature: ({ params }) => {
        const conn = this.connOf(params);
        const name = `${conn.name}/features/${params.feature}`;
        if (!own(this.state.features, name)) throw notFound(`feature ${params.feature} does not exist`);
        delete this.state.features[name];
        this.store.touch();
        return {};
      },
    } satisfies Partial<SpecHandlers>;
  }
}
