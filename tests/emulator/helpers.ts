// Shared helpers for the emulator tests (and the benchmark): authenticated clients and a full activation.
import axios, { type AxiosInstance } from "axios";
import {
  CLOUD_CUSTOMER_TOKEN,
  CLOUD_PEER_TOKEN,
  PARTNER_CUSTOMER_ACCOUNT,
  PARTNER_CUSTOMER_TOKEN,
  PARTNER_CUSTOMER_TOKEN_2,
  PARTNER_PEER_TOKEN,
} from "../../emulator/defaults";
import type { RunningEmulator } from "../../emulator/server";
import type { CloudConnection, PartnerConnection } from "../../schema/customer";

export interface Clients {
  cloud: AxiosInstance;
  partner: AxiosInstance;
  partner2: AxiosInstance;
  /** Calls the cloud's spec endpoints as the partner (peer token). */
  asPartnerAtCloud: AxiosInstance;
  /** Calls the partner's spec endpoints as the cloud. */
  asCloudAtPartner: AxiosInstance;
  admin: AxiosInstance;
}

const client = (baseURL: string, token?: string) =>
  axios.create({ baseURL, validateStatus: () => true, headers: token ? { authorization: `Bearer ${token}` } : {} });

export function customerClients(em: RunningEmulator): Clients {
  return {
    cloud: client(em.cloudUrl, CLOUD_CUSTOMER_TOKEN),
    partner: client(em.partnerUrl, PARTNER_CUSTOMER_TOKEN),
    partner2: client(em.partnerUrl, PARTNER_CUSTOMER_TOKEN_2),
    asPartnerAtCloud: client(`${em.cloudUrl}/providers/partner`, PARTNER_PEER_TOKEN),
    asCloudAtPartner: client(`${em.partnerUrl}/providers/cloud`, CLOUD_PEER_TOKEN),
    admin: client(`${em.url}/_admin`),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export async function createCloudConnection(c: Clients, environment: string, bandwidthGbps: number, remoteAccountId = PARTNER_CUSTOMER_ACCOUNT): Promise<CloudConnection> {
  const res = await c.cloud.post("/v1/connections", { environment, bandwidthGbps, attachPoint: "dxgw-0123abcd", remoteAccountId });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data;
}

export async function waitForPartnerState(c: Clients, id: string, state: string, timeoutMs?: number): Promise<PartnerConnection> {
  return waitFor(`partner connection ${id} ${state}`, async () => {
    const res = await c.partner.get(`/v1/connections/${id}`);
    if (res.data.state === "failed" && state !== "failed") throw new Error(`connection failed: ${res.data.failureReason}`);
    return res.data.state === state ? (res.data as PartnerConnection) : undefined;
  }, timeoutMs);
}

export async function waitForCloudState(c: Clients, id: string, state: string): Promise<CloudConnection> {
  return waitFor(`cloud connection ${id} ${state}`, async () => {
    const res = await c.cloud.get(`/v1/connections/${id}`);
    return res.data.state === state ? (res.data as CloudConnection) : undefined;
  });
}

/** Cloud create, partner accept, wait until both sides are available. */
export async function activateConnection(
  c: Clients,
  opts: { environment: string; bandwidthGbps: number; site: string; extra?: Record<string, unknown> },
): Promise<{ cloud: CloudConnection; partner: PartnerConnection }> {
  const cloud = await createCloudConnection(c, opts.environment, opts.bandwidthGbps);
  const accepted = await c.partner.post("/v1/connections", { activationKey: cloud.activationKey, site: opts.site, ...opts.extra });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.data)}`);
  const partner = await waitForPartnerState(c, accepted.data.id, "available");
  return { cloud: await waitForCloudState(c, cloud.id, "available"), partner };
}
