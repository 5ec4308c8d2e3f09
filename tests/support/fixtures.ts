// Shared fixtures for the provider unit tests: contract-valid API objects and fast-retry settings.
import nock from "nock";
import type { Link, LinkHealth, PartnerConnection } from "../../schema/customer";
import {
  AWS_JSON_CONTENT_TYPE,
  type AwsOperation,
  type Connection,
  type Environment,
  encodeActivationKey,
} from "../../schema/aws";
import { loadInterconnectModel } from "./smithy-model";
import { resetConnectionSettings, setConnectionSettings } from "../../provider/settings";
import { setProgressSink } from "../../provider/progress";

/** The AWS Interconnect endpoint override the tests use (awsJson1_0 at `${AWS}/`). */
export const AWS = "http://cloud.test/aws";
export const REGION = "us-east-1";
export const AWS_CREDENTIALS = {
  accessKeyId: "AKIATESTUNIT00000001",
  secretAccessKey: "unit/test/secret/key/0000000000000000000",
};
export const DX_GATEWAY = "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01";
export const ENVIRONMENT_ID = "us-east-1-equinix-nyc";
export const ACTIVATION_PAGE = "https://partner.example/activate";
export const PARTNER = "http://partner.test/partner";
export const PARTNER_TOKEN = "dev-partner-token";
export const SHARED_UUID = "6f1c1c4e-1b7e-4c55-9a43-2a1f0d9b7c11";
export const NOW = "2025-01-01T00:00:00.000Z";

export function encodeKey(sizeGbps = 10, sharedConnectionUuid = SHARED_UUID, version = 1): string {
  return encodeActivationKey({
    version,
    destinationEnvironmentUri: "providers/partner/environments/us-east-1:nyc",
    sharedConnectionUuid,
    connectionSizeMbps: sizeGbps * 1000,
    destinationAccountId: "partner-acct-1",
  });
}

export function awsConnection(overrides: Partial<Connection> & { gbps?: number } = {}): Connection {
  const { gbps = 10, ...rest } = overrides;
  return {
    id: "lmcc-abcd1234",
    arn: "arn:aws:interconnect:us-east-1:111122223333:connection/lmcc-abcd1234",
    description: "hq",
    bandwidth: `${gbps}Gbps`,
    attachPoint: { directConnectGateway: DX_GATEWAY },
    environmentId: ENVIRONMENT_ID,
    provider: { lastMileProvider: "Equinix" },
    location: "New York NY5",
    type: "lastMile",
    state: "requested",
    sharedId: SHARED_UUID,
    ownerAccount: "111122223333",
    activationKey: encodeKey(gbps),
    billingTier: 3,
    ...rest,
  };
}

export function awsEnvironment(overrides: Partial<Environment> = {}): Environment {
  return {
    provider: { lastMileProvider: "Equinix" },
    location: "New York NY5",
    environmentId: ENVIRONMENT_ID,
    state: "available",
    bandwidths: {
      supported: ["1Gbps", "2Gbps", "5Gbps", "10Gbps", "25Gbps"],
      available: ["1Gbps", "10Gbps", "25Gbps"],
    },
    type: "lastMile",
    activationPageUrl: ACTIVATION_PAGE,
    ...overrides,
  };
}

const model = loadInterconnectModel();
/** Request bodies that broke the Smithy model; any makes the test fail in afterEach. */
const modelViolations: string[] = [];
/** Every AWS request body the current test sent, by operation. */
export const sentToAws: { operation: AwsOperation; body: Record<string, unknown> }[] = [];

/**
 * Interceptor for one signed awsJson1_0 call: POST `${AWS}/` with X-Amz-Target Interconnect.<operation>, the JSON
 * content type and a SigV4 Authorization for the test key, region and signing name; `expected` (optional) must
 * equal the body exactly. Every body is also checked against the official Smithy model.
 */
export function aws(operation: AwsOperation, expected?: Record<string, unknown>) {
  const scope = nock(AWS, {
    reqheaders: {
      "x-amz-target": `Interconnect.${operation}`,
      "content-type": AWS_JSON_CONTENT_TYPE,
      authorization: (value: string) =>
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${AWS_CREDENTIALS.accessKeyId}/\\d{8}/${REGION}/interconnect/aws4_request, `,
        ).test(value),
      "x-amz-date": /^\d{8}T\d{6}Z$/,
    },
  });
  return scope.post("/", (body: Record<string, unknown>) => {
    if (expected !== undefined && JSON.stringify(sortKeys(body)) !== JSON.stringify(sortKeys(expected))) return false;
    const issues = model.validateInput(operation, body);
    if (issues.length > 0) modelViolations.push(`${operation}: ${issues.join("; ")}`);
    sentToAws.push({ operation, body });
    return true;
  });
}

const sortKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortKeys)
    : value && typeof value === "object"
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
        )
      : value;

/** An awsJson1_0 error body as AWS sends it (namespaced `__type`). */
export const awsError = (type: string, message = `says ${type}`) => ({
  __type: `com.amazonaws.interconnect#${type}`,
  message,
});

/** A healthy link's health: encrypted traffic only, a live key, the default BGP timers, no flaps or errors. */
export const healthyLinkHealth = (overrides: Partial<LinkHealth> = {}): LinkHealth => ({
  macsec: { framesEncrypted: 120_000, framesUnencrypted: 0, keyStatus: "LIVE" },
  bgp: { holdTimeSeconds: 90, keepaliveSeconds: 30, flaps: 0 },
  latencyMs: 0.4,
  errorFrames: 0,
  ...overrides,
});

export function link(overrides: Partial<Link> = {}): Link {
  return {
    name: "ch1",
    channel: "providers/partner/channels/ch1",
    device: "dev-a",
    facility: "fac-1",
    entrance: "north",
    conduit: "c-1",
    vlan: 100,
    ipv4Subnet: "169.254.10.0/30",
    localAsn: 64512,
    remoteAsn: 16509,
    bgpState: "ESTABLISHED",
    macsecActive: true,
    macsecCkn: "ckn-secret-ish",
    adminState: "ADMIN_STATE_UP",
    operState: "UP",
    inMaintenance: false,
    health: healthyLinkHealth(),
    ...overrides,
  };
}

export function partnerConnection(overrides: Partial<PartnerConnection> = {}): PartnerConnection {
  return {
    id: "pc-1",
    ownerAccountId: "partner-acct-1",
    site: "nyc-hq",
    environment: "us-east-1:nyc",
    sharedConnectionUuid: SHARED_UUID,
    cloudConnectionId: "cc-1",
    bandwidthGbps: 10,
    macsec: "required",
    state: "available",
    verificationState: "VERIFIED",
    interconnectName: "ic-1",
    links: [link(), link({ name: "ch2", device: "dev-b", vlan: 101 })],
    maintenance: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

/**
 * The partner's GetServiceInfo answers `specVersion` for the rest of the test, however often it is asked; a test that
 * never asks leaves no unused mock.
 */
export function partnerSpeaks(specVersion: string): void {
  nock(PARTNER).persist().get("/v1/service-info").optionally().reply(200, { specVersion });
}

/**
 * Points the provider at the nock hosts with millisecond backoff, as a new Pulumi operation's provider process would
 * be configured: what it learned from the partner under earlier settings is not reused.
 */
export function startProviderOperation(): void {
  setConnectionSettings({
    cloudEndpoint: AWS,
    region: REGION,
    awsCredentials: AWS_CREDENTIALS,
    partnerEndpoint: PARTNER,
    partnerToken: PARTNER_TOKEN,
    retry: { retries: 4, minDelayMs: 5, maxDelayMs: 2000, maxElapsedMs: 5000 },
  });
}

/** Points the provider at the nock hosts with millisecond backoff; collects progress lines. */
export function useTestSettings(): { lines: string[] } {
  const captured = { lines: [] as string[] };
  beforeEach(() => {
    nock.disableNetConnect();
    modelViolations.length = 0;
    sentToAws.length = 0;
    startProviderOperation();
    captured.lines = [];
    setProgressSink((line) => captured.lines.push(line));
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    resetConnectionSettings();
    setProgressSink(undefined);
    if (pending.length > 0) throw new Error(`unused HTTP mocks: ${pending.join(", ")}`);
    if (modelViolations.length > 0) throw new Error(`requests break the Smithy model: ${modelViolations.join(" | ")}`);
  });
  return captured;
}

/** Resolves with the error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

/** Paths of requests no nock interceptor matched in the current test (for "made no API call" assertions). */
export function useUnmatchedRequestLog(): string[] {
  const unmatched: string[] = [];
  const record = (req: { path?: string }) => unmatched.push(String(req.path));
  beforeEach(() => {
    unmatched.length = 0;
    nock.emitter.on("no match", record);
  });
  afterEach(() => nock.emitter.removeListener("no match", record));
  return unmatched;
}
