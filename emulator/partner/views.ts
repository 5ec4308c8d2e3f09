// The partner customer API's view of a partner connection and its links (beside ./backend.ts).
import type { Link, PartnerConnection } from "../../schema/customer";
import { ROLES } from "../identities";
import { isCut } from "../world/geography";
import { iso } from "../coordinator/format";
import type { SpecRecords } from "../coordinator/spec-records";
import { linkHealth } from "./link-health";
import {
  type CutRecord,
  type PartnerConnectionRecord,
  type PartnerLinkRecord,
  type SpecConnectionRecord,
} from "../state/store";

type Feature = { provisioningState: string } | undefined;

function bgpStateOf(down: boolean, feature: Feature, verified: boolean, inMaintenance: boolean): Link["bgpState"] {
  if (down) return "DOWN";
  if (inMaintenance) return "IDLE"; // the partner shuts the session down for the window, so traffic fails over
  if (!feature) return "IDLE";
  if (feature.provisioningState === "PROVISIONING_STATE_PENDING") return "CONNECT";
  return verified ? "ESTABLISHED" : "ACTIVE";
}

function linkView(
  role: SpecRecords,
  pc: PartnerConnectionRecord,
  link: PartnerLinkRecord,
  conn: SpecConnectionRecord | undefined,
  icId: string,
  cuts: CutRecord[],
): Link {
  const chName = role.chName(pc.environment, icId, link.name);
  const feature = conn ? role.featuresOf(conn.name).find((f) => f.channel === chName) : undefined;
  const geometry = role.inventory.route(pc.site, link.path);
  const down = cuts.some((c) => isCut(c, link.path, () => geometry?.route)) || link.adminDown;
  const l3 = feature?.featureConfig.l3BaseConfig;
  const cloudBgp = l3?.providerBgpConfigs.find((b) => b.provider === `providers/${role.peerId}`);
  const key = role.activeMacsecKey(chName);
  const encrypted = pc.macsec !== "off" && link.macsecOff?.since === undefined && !!key;
  const now = role.now();
  const inMaintenance = role.state.maintenance.some(
    (m) => m.channel === chName && m.startTime <= now && now < m.endTime,
  );
  return {
    name: link.name,
    channel: chName,
    device: link.path.device,
    facility: link.path.facility,
    entrance: link.path.entrance,
    conduit: link.path.conduit,
    vlan: l3?.vlanId ?? 0,
    ipv4Subnet: l3 ? `${l3.ipv4Subnet}/${l3.ipv4SubnetPrefixLength}` : "",
    localAsn: ROLES.partner.asn,
    remoteAsn: cloudBgp?.asn ?? 0,
    bgpState: bgpStateOf(down, feature, !!conn && role.isVerified(conn), inMaintenance),
    macsecActive: encrypted,
    ...(encrypted ? { macsecCkn: key.ckn } : {}),
    adminState: link.adminDown ? "ADMIN_STATE_DOWN" : "ADMIN_STATE_UP",
    operState: down ? "DOWN" : "UP",
    inMaintenance,
    ...(geometry ? { route: geometry.route, structures: geometry.structures } : {}),
    health: linkHealth({ records: role, connection: pc, link, channel: chName, route: geometry?.route }),
  };
}

function verificationState(
  role: SpecRecords,
  pc: PartnerConnectionRecord,
  conn: SpecConnectionRecord | undefined,
): PartnerConnection["verificationState"] {
  if (pc.state === "failed") return "FAILED";
  if (!conn) return "VERIFICATION_STATE_UNSPECIFIED";
  if (role.isVerified(conn)) return "VERIFIED";
  return role.isLocallyFinal(conn) ? "PENDING_PARTNER" : "PENDING_LOCAL";
}

/** `role` is the partner's side of the spec, whose records hold the connection's features and keys. */
export function partnerConnectionView(
  role: SpecRecords,
  pc: PartnerConnectionRecord,
  cuts: CutRecord[],
): PartnerConnection {
  const icId = pc.interconnect;
  const conn = icId ? role.connectionOn(pc.environment, icId, pc.sharedConnectionUuid) : undefined;
  const links = icId ? pc.links.map((l) => linkView(role, pc, l, conn, icId, cuts)) : [];
  const now = role.now();
  const maintenance = icId
    ? pc.links.flatMap((l) =>
        role.state.maintenance
          .filter((m) => m.channel === role.chName(pc.environment, icId, l.name))
          .map((m) => ({
            link: l.name,
            startTime: iso(m.startTime),
            endTime: iso(m.endTime),
            state: now < m.startTime ? "scheduled" : now < m.endTime ? "in-progress" : "completed",
          })),
      )
    : [];
  return {
    id: pc.id,
    ownerAccountId: pc.ownerAccountId,
    site: pc.site,
    environment: pc.environment,
    sharedConnectionUuid: pc.sharedConnectionUuid,
    bandwidthGbps: pc.bandwidthGbps,
    macsec: pc.macsec,
    ...(pc.diversity ? { diversity: pc.diversity } : {}),
    ...(pc.clientToken ? { clientToken: pc.clientToken } : {}),
    state: pc.state,
    verificationState: verificationState(role, pc, conn),
    ...(icId ? { interconnect: role.toPeerName(role.icName(pc.environment, icId)), interconnectName: icId } : {}),
    links,
    maintenance,
    ...(pc.failureReason ? { failureReason: pc.failureReason } : {}),
    createdAt: iso(pc.createdAt),
    updatedAt: iso(pc.updatedAt),
  };
}
