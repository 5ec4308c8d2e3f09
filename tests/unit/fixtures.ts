// Shared fixtures for the provider unit tests: contract-valid API objects and fast-retry settings.
import nock from "nock";
import type { CloudConnection, Link, PartnerConnection } from "../../schema/customer";
import { resetConnectionSettings, setConnectionSettings } from "../../provider/config";
import { setProgressSink } from "../../provider/common/progress";

export const CLOUD = "http://cloud.test/cloud";
export const PARTNER = "http://partner.test/partner";
export const CLOUD_TOKEN = "dev-cloud-token";
export const PARTNER_TOKEN = "dev-partner-token";
export const SHARED_UUID = "6f1c1c4e-1b7e-4c55-9a43-2a1f0d9b7c11";
export const NOW = "2025-01-01T00:00:00.000Z";

export function encodeKey(sizeGbps = 10, sharedConnectionUuid = SHARED_UUID): string {
  const payload = {
    version: 1,
    destinationEnvironmentUri: "providers/partner/environments/us-east-1:nyc",
    sharedConnectionUuid,
    connectionSizeMbps: sizeGbps * 1000,
    destinationAccountId: "partner-acct-1",
  };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}

export function cloudConnection(overrides: Partial<CloudConnection> = {}): CloudConnection {
  return {
    id: "cc-1",
    ownerAccountId: "111122223333",
    environment: "us-east-1:nyc",
    bandwidthGbps: 10,
    attachPoint: "dxgw-0123abcd",
    remoteAccountId: "partner-acct-1",
    state: "pending",
    activationKey: encodeKey(overrides.bandwidthGbps ?? 10),
    sharedConnectionUuid: SHARED_UUID,
    expiresAt: "2025-01-08T00:00:00.000Z",
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

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

/** Points the provider at the nock hosts with millisecond backoff; collects progress lines. */
export function useTestSettings(): { lines: string[] } {
  const captured = { lines: [] as string[] };
  beforeEach(() => {
    nock.disableNetConnect();
    setConnectionSettings({
      cloudEndpoint: CLOUD,
      partnerEndpoint: PARTNER,
      cloudToken: CLOUD_TOKEN,
      partnerToken: PARTNER_TOKEN,
      retry: { retries: 4, minDelayMs: 5, maxDelayMs: 2000, maxElapsedMs: 5000 },
    });
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
