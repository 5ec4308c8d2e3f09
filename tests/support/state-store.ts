// The shared S3 state backend of the team tests: a real S3-compatible store (toolchain/state-store.js builds and starts
// SeaweedFS on loopback) and a signed listing of its bucket, to see what the engine wrote there (stacks, history, locks).
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface StateStore {
  /** The `pulumi login` URL (path-style, http, loopback). */
  backendUrl: string;
  /** The S3 endpoint, e.g. http://127.0.0.1:8333. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

export interface StateStoreOptions {
  dataDir: string;
  port?: number;
  /** Writes the store's keys as this profile into `credentialsFile`, and names the profile in `backendUrl`. */
  profile?: string;
  credentialsFile?: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const toolchain = require("../../toolchain/state-store.js") as {
  startStateStore: (opts: StateStoreOptions) => Promise<StateStore>;
};

export const startStateStore = (opts: StateStoreOptions): Promise<StateStore> => toolchain.startStateStore(opts);

/** Keys of the bucket's objects under `prefix` (ListObjectsV2, SigV4-signed with the store's own keys). */
export async function listKeys(store: StateStore, prefix: string): Promise<string[]> {
  const url = new URL(`${store.endpoint}/${store.bucket}`);
  const signer = new SignatureV4({
    service: "s3",
    region: "us-east-1",
    sha256: Sha256,
    credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
  });
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query: Record<string, string> = {
      "list-type": "2",
      prefix,
      ...(token ? { "continuation-token": token } : {}),
    };
    const request = new HttpRequest({
      method: "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    });
    const signed = await signer.sign(request);
    const response = await fetch(`${url}?${new URLSearchParams(query)}`, {
      headers: signed.headers as Record<string, string>,
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`listing s3://${store.bucket}/${prefix}: HTTP ${response.status} ${body}`);
    keys.push(...[...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]));
    token = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(body)?.[1];
  } while (token);
  return keys;
}
