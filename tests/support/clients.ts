// Shared helpers for the emulator tests (and the benchmark, and the conformance run): bearer-token clients of the
// partner and the spec endpoints, a SigV4-signing client of the cloud's AWS Interconnect API (independent of the
// provider's client), and a full activation.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import axios, { type AxiosInstance } from "axios";
import {
  DEV_DX_GATEWAYS,
  PARTNER_CUSTOMER_ACCOUNT,
  PARTNER_CUSTOMER_TOKEN,
  PARTNER_CUSTOMER_TOKEN_2,
  ROLES,
} from "../../emulator/identities";
import type { RunningEmulator } from "../../emulator/server";
import {
  AWS_JSON_CONTENT_TYPE,
  AWS_SERVICE_TARGET,
  AWS_SIGNING_NAME,
  type AwsInput,
  type AwsOperation,
  type AwsOutput,
  type Connection,
} from "../../schema/aws";
import type { PartnerConnection } from "../../schema/customer";
import { waitFor } from "./emulator";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsResponse {
  status: number;
  /** Parsed JSON body (the text when it is not JSON). */
  data: any;
  headers: Record<string, string>;
}

/** Knobs to build requests that must fail. */
export interface SendOptions {
  credentials?: AwsCredentials;
  signingDate?: Date;
  region?: string;
  service?: string;
  /** Raw body text instead of JSON.stringify(input). */
  rawBody?: string;
  contentType?: string;
  /** Full X-Amz-Target instead of Interconnect.<op>. */
  target?: string;
  /** Send without Authorization. */
  unsigned?: boolean;
  /** Change the request after signing (tampering). */
  afterSigning?: (headers: Record<string, string>) => void;
}

/** A minimal awsJson1_0 client: POST <endpoint>/ signed with SigV4 (signing name `interconnect`). */
export class AwsClient {
  private readonly http = axios.create({
    validateStatus: () => true,
    transformResponse: [(d) => d],
    responseType: "text",
  });

  constructor(
    readonly endpoint: string,
    readonly region: string,
    readonly credentials: AwsCredentials,
  ) {}

  /** operation: an AwsOperation, or any other target name (the emulator's answer to unknown targets). */
  async send(operation: string, input: unknown, opts: SendOptions = {}): Promise<AwsResponse> {
    const url = new URL(`${this.endpoint.replace(/\/$/, "")}/`);
    const body = opts.rawBody ?? JSON.stringify(input ?? {});
    let headers: Record<string, string> = {
      host: url.host,
      "content-type": opts.contentType ?? AWS_JSON_CONTENT_TYPE,
      "x-amz-target": opts.target ?? `${AWS_SERVICE_TARGET}.${operation}`,
    };
    if (!opts.unsigned) {
      const signer = new SignatureV4({
        credentials: opts.credentials ?? this.credentials,
        region: opts.region ?? this.region,
        service: opts.service ?? AWS_SIGNING_NAME,
        sha256: Sha256,
      });
      const request = new HttpRequest({
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers,
        body,
      });
      headers = (await signer.sign(request, { signingDate: opts.signingDate ?? new Date() })).headers;
    }
    opts.afterSigning?.(headers);
    const res = await this.http.post(url.toString(), body, { headers, transformRequest: [(d) => d] });
    let data: unknown = res.data;
    try {
      data = JSON.parse(res.data);
    } catch {
      // kept as text
    }
    const flat = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { status: res.status, data, headers: flat };
  }

  /** The operation's output; throws with the AWS error on anything but 200. */
  async call<O extends AwsOperation>(operation: O, input: AwsInput<O>): Promise<AwsOutput<O>> {
    const res = await this.send(operation, input);
    if (res.status !== 200) throw new Error(`${operation} failed: ${res.status} ${JSON.stringify(res.data)}`);
    return res.data as AwsOutput<O>;
  }
}

export interface Clients {
  /** The cloud's AWS Interconnect API, signed with the emulator's dev credentials. */
  cloud: AwsClient;
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
    cloud: new AwsClient(em.cloudUrl, em.region, em.credentials),
    partner: client(em.partnerUrl, PARTNER_CUSTOMER_TOKEN),
    partner2: client(em.partnerUrl, PARTNER_CUSTOMER_TOKEN_2),
    asPartnerAtCloud: client(`${em.cloudUrl}/providers/partner`, ROLES.partner.peerToken),
    asCloudAtPartner: client(`${em.partnerUrl}/providers/cloud`, ROLES.cloud.peerToken),
    admin: client(`${em.url}/_admin`),
  };
}

/** The first dev Direct Connect gateway as an attach point. */
export const DX_ATTACH_POINT = { directConnectGateway: DEV_DX_GATEWAYS[0].id };

/** CreateConnection at the cloud (AWS API); `remoteAccount` null orders a key any partner account may accept. */
export async function createCloudConnection(
  c: Clients,
  environmentId: string,
  bandwidthGbps: number,
  remoteAccount: string | null = PARTNER_CUSTOMER_ACCOUNT,
  extra: Partial<AwsInput<"CreateConnection">> = {},
): Promise<Connection> {
  const { connection } = await c.cloud.call("CreateConnection", {
    environmentId,
    bandwidth: `${bandwidthGbps}Gbps`,
    attachPoint: DX_ATTACH_POINT,
    ...(remoteAccount !== null ? { remoteAccount: { identifier: remoteAccount } } : {}),
    ...extra,
  });
  if (!connection) throw new Error("CreateConnection returned no connection");
  return connection;
}

export async function getCloudConnection(c: Clients, identifier: string): Promise<Connection> {
  const { connection } = await c.cloud.call("GetConnection", { identifier });
  if (!connection) throw new Error("GetConnection returned no connection");
  return connection;
}

export async function waitForPartnerState(
  c: Clients,
  id: string,
  state: string,
  timeoutMs?: number,
): Promise<PartnerConnection> {
  return waitFor(
    `partner connection ${id} ${state}`,
    async () => {
      const res = await c.partner.get(`/v1/connections/${id}`);
      if (res.data.state === "failed" && state !== "failed")
        throw new Error(`connection failed: ${res.data.failureReason}`);
      return res.data.state === state ? (res.data as PartnerConnection) : undefined;
    },
    timeoutMs,
  );
}

export async function waitForCloudState(
  c: Clients,
  id: string,
  state: string,
  timeoutMs?: number,
): Promise<Connection> {
  return waitFor(
    `cloud connection ${id} ${state}`,
    async () => {
      const connection = await getCloudConnection(c, id);
      return connection.state === state ? connection : undefined;
    },
    timeoutMs,
  );
}

/** Cloud create, partner accept, wait until both sides are available. */
export async function activateConnection(
  c: Clients,
  opts: { environment: string; bandwidthGbps: number; site: string; extra?: Record<string, unknown> },
): Promise<{ cloud: Connection; partner: PartnerConnection }> {
  const cloud = await createCloudConnection(c, opts.environment, opts.bandwidthGbps);
  const accepted = await c.partner.post("/v1/connections", {
    activationKey: cloud.activationKey,
    site: opts.site,
    ...opts.extra,
  });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.data)}`);
  const partner = await waitForPartnerState(c, accepted.data.id, "available");
  return { cloud: await waitForCloudState(c, cloud.id, "available"), partner };
}
