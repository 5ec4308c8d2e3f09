// The connection and feature family of the spec: the operations a peer calls on our records of a shared connection
// (create, resize, delete, notify) and on its features (guidance, propose, read, delete). The records are in
// ./spec-records.ts, the peer sync that verifies them in ./peer-sync.ts; the role's admission rules are its SideRules.
import { conflict, exhausted, invalidArgument, notFound } from "../http/errors";
import { page } from "./format";
import type { SpecHandlers } from "./request";
import type { SideContext } from "./context";
import type { FeatureGuidance } from "./guidance";
import type { PeerSync } from "./peer-sync";
import { own, type FeatureRecord, type SpecConnectionRecord } from "../state/store";

const featureView = (f: FeatureRecord) => ({
  name: f.name,
  channel: f.channel,
  featureConfig: f.featureConfig,
  provisioningState: f.provisioningState,
});

export class ConnectionFamily {
  constructor(
    private readonly ctx: Pick<SideContext, "records" | "rules">,
    private readonly guidance: FeatureGuidance,
    private readonly peerSync: PeerSync,
  ) {}

  private view(conn: SpecConnectionRecord) {
    return {
      name: conn.name,
      ...(conn.activationKey ? { activationKey: conn.activationKey } : {}),
      bandwidthMbps: conn.bandwidthMbps,
      adminState: conn.adminState,
      verificationState: this.ctx.records.isVerified(conn)
        ? "VERIFICATION_STATE_VERIFIED"
        : "VERIFICATION_STATE_UNVERIFIED",
    };
  }

  /** The tier in Mbps, when the environment offers it. */
  private supportedMbps(params: Record<string, string>, mbps: number | undefined): number | undefined {
    const tiers = this.ctx.records.envOf(params).supportedBandwidthsGbps.map((g) => g * 1000);
    return mbps !== undefined && tiers.includes(mbps) ? mbps : undefined;
  }

  handlers() {
    return { ...this.connectionHandlers(), ...this.featureHandlers() };
  }

  private connectionHandlers() {
    const records = this.ctx.records;
    const rules = this.ctx.rules;
    return {
      ListConnections: ({ params, query }) => {
        records.icOf(params);
        const prefix = `${records.icName(params.environment, params.interconnect)}/connections/`;
        const conns = Object.values(records.state.specConnections)
          .filter((c) => c.name.startsWith(prefix))
          .sort((a, b) => a.createdAt - b.createdAt);
        return page(
          "connections",
          conns.map((c) => this.view(c)),
          query,
        );
      },
      CreateConnection: ({ params, query, body }) => {
        const env = records.envOf(params);
        const ic = records.icOf(params);
        const uuid = query.connectionId;
        if (!uuid) throw invalidArgument("connectionId is required");
        if (records.connectionOn(env.id, ic.id, uuid))
          throw conflict(`connection ${uuid} already exists on ${ic.id}`, "ALREADY_EXISTS");
        if (body.deferProvisioning === true)
          throw invalidArgument(`providers/${records.id} does not accept deferred provisioning in ${env.id}`);
        const mbps = this.supportedMbps(params, body.bandwidthMbps);
        if (mbps === undefined) {
          throw invalidArgument(
            `bandwidthMbps must be one of ${env.supportedBandwidthsGbps.map((g) => g * 1000).join(", ")}`,
          );
        }
        const available = records.availableMbps(env.id, ic.id);
        if (available < mbps)
          throw exhausted(`${ic.id} has only ${Math.max(0, available)} Mbps left; choose another interconnect`);
        rules.admitConnection(env, ic, uuid, body);
        return this.view(records.createLocalConnection(env.id, ic.id, uuid, mbps, body.activationKey));
      },
      GetConnection: ({ params }) => this.view(records.connOf(params)),
      UpdateConnection: ({ params, query, body }) => {
        const conn = records.connOf(params);
        const mask = (query.updateMask ?? Object.keys(body).join(","))
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const unsupported = mask.filter((f) => f !== "bandwidthMbps");
        if (unsupported.length)
          throw invalidArgument(`only bandwidthMbps can be updated (got ${unsupported.join(", ")})`);
        if (!mask.includes("bandwidthMbps")) return this.view(conn);
        const mbps = this.supportedMbps(params, body.bandwidthMbps);
        if (mbps === undefined) throw invalidArgument(`unsupported bandwidthMbps ${body.bandwidthMbps}`);
        if (mbps === conn.bandwidthMbps) {
          // Nothing to change here, but the caller has reset its side and waits for our final status: report it again.
          conn.notifiedFinal = false;
          return this.view(conn);
        }
        if (records.availableMbps(conn.environment, conn.interconnect) + conn.bandwidthMbps < mbps) {
          throw exhausted(
            `${conn.interconnect} has no room for ${mbps} Mbps; migrate the connection to another interconnect`,
          );
        }
        rules.admitUpdate(conn, mbps);
        records.reprovision(conn, mbps);
        return this.view(conn);
      },
      DeleteConnection: ({ params }) => {
        const conn = records.connOf(params);
        records.deleteLocalConnection(conn);
        rules.onPeerDeleted(conn);
        return {};
      },
      NotifyConnectionStatus: async ({ params }) => {
        const conn = records.connOf(params);
        conn.peerRefreshPending = true;
        await this.peerSync.refresh(conn).catch(() => undefined); // retried by tick() when the peer is unreachable
        return {};
      },
    } satisfies Partial<SpecHandlers>;
  }

  private featureHandlers() {
    const records = this.ctx.records;
    return {
      GenerateFeatureGuidance: ({ params, query, body }) => {
        const conn = records.connOf(params);
        const ic = records.icOf(params);
        const only = query.channel ?? query.channelId ?? body.channel;
        const channels = only ? ic.channels.filter((c) => c.id === records.shortId(only)) : ic.channels;
        if (only && channels.length === 0) throw notFound(`channel ${only} does not exist on ${ic.id}`);
        return { featureGuidance: channels.map((ch) => this.guidance.guidanceFor(conn.environment, ic, ch)) };
      },
      ListFeatures: ({ params, query }) =>
        page("features", records.featuresOf(records.connOf(params).name).map(featureView), query),
      CreateFeature: ({ params, query, body }) => {
        const conn = records.connOf(params);
        const ic = records.icOf(params);
        if (!query.featureId) throw invalidArgument("featureId is required");
        if (own(records.state.features, `${conn.name}/features/${query.featureId}`))
          throw conflict(`feature ${query.featureId} already exists`, "ALREADY_EXISTS");
        const { channel, config } = this.guidance.validate(conn, ic, body);
        const chName = records.chName(conn.environment, ic.id, channel.id);
        return featureView(records.addLocalFeature(conn, query.featureId, chName, config));
      },
      GetFeature: ({ params }) => {
        const conn = records.connOf(params);
        const feature = own(records.state.features, `${conn.name}/features/${params.feature}`);
        if (!feature) throw notFound(`feature ${params.feature} does not exist`);
        return featureView(feature);
      },
      DeleteFeature: ({ params }) => {
        const conn = records.connOf(params);
        const feature = own(records.state.features, `${conn.name}/features/${params.feature}`);
        if (!feature) throw notFound(`feature ${params.feature} does not exist`);
        records.deleteLocalFeature(feature);
        return {};
      },
    } satisfies Partial<SpecHandlers>;
  }
}
