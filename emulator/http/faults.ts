// Fault injection configured through POST /_admin/faults. Randomness comes from a seeded generator so a run with
// the same seed and the same request order injects the same faults.

export type FaultScope = "customer" | "peer";

/** Answers to lose: the request is handled and its change written, then the connection closes without the answer. */
export interface LostAnswerFault {
  role: "cloud" | "partner";
  api: FaultScope;
  /** As GET /_admin/stats names it: `ConfirmActivationKey` (spec), `partner.AcceptActivationKey`, `cloud.GetConnection`. */
  operation: string;
  /** How many answers of that operation to lose, one after the other; counts down. */
  count: number;
}

export interface FaultConfig {
  /** Which APIs the request-level faults apply to. */
  scope: FaultScope[];
  /** Probability (0..1) per HTTP status code of answering with that error instead of handling the request. */
  errorRates: Record<string, number>;
  /** Added to every affected request. */
  latencyMs: number;
  /** Requests per second allowed per role and scope; the excess gets 429 with Retry-After. 0 = unlimited. */
  rateLimitRps: number;
  /** Probability (0..1) of destroying the TCP connection without an answer. */
  resetRate: number;
  /** Probability (0..1) that a partner-side feature fails to provision (the connection goes to failed). */
  provisioningFailureRate: number;
  /** Answers of named operations to lose after the change was made (the caller cannot tell whether it was). */
  lostAnswers: LostAnswerFault[];
}

export const noFaults = (): FaultConfig => ({
  scope: ["customer", "peer"],
  errorRates: {},
  latencyMs: 0,
  rateLimitRps: 0,
  resetRate: 0,
  provisioningFailureRate: 0,
  lostAnswers: [],
});

export type RequestFault =
  { kind: "reset" } | { kind: "error"; status: number } | { kind: "rateLimited"; retryAfterSeconds: number };

export class Faults {
  config: FaultConfig = noFaults();
  private rngState: number;
  private windows = new Map<string, { start: number; count: number }>();

  constructor(seed: number) {
    this.rngState = seed >>> 0 || 1;
  }

  configure(patch: Partial<FaultConfig>): FaultConfig {
    this.config = { ...noFaults(), ...patch, lostAnswers: (patch.lostAnswers ?? []).map((lost) => ({ ...lost })) };
    this.windows.clear();
    return this.config;
  }

  clear(): FaultConfig {
    return this.configure({});
  }

  /** mulberry32 */
  random(): number {
    this.rngState = (this.rngState + 0x6d2b79f5) >>> 0;
    let t = this.rngState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  applies(scope: FaultScope): boolean {
    return this.config.scope.includes(scope);
  }

  /** Decides the fate of one request in scope (after the added latency). */
  pickRequestFault(role: string, scope: FaultScope): RequestFault | undefined {
    const limit = this.config.rateLimitRps;
    if (limit > 0) {
      const key = `${role}/${scope}`;
      const now = Date.now();
      const window = this.windows.get(key);
      if (!window || now - window.start >= 1000) this.windows.set(key, { start: now, count: 1 });
      else if (++window.count > limit) return { kind: "rateLimited", retryAfterSeconds: 1 };
    }
    if (this.config.resetRate > 0 && this.random() < this.config.resetRate) return { kind: "reset" };
    for (const [status, rate] of Object.entries(this.config.errorRates)) {
      if (rate > 0 && this.random() < rate) return { kind: "error", status: Number(status) };
    }
    return undefined;
  }

  /** Whether to lose this answer (after the request was handled); uses up one of the configured losses. */
  losesAnswer(role: string, api: string, operation: string): boolean {
    const lost = this.config.lostAnswers.find(
      (l) => l.count > 0 && l.role === role && l.api === api && l.operation === operation,
    );
    if (!lost) return false;
    lost.count--;
    return true;
  }

  provisioningFails(): boolean {
    return this.config.provisioningFailureRate > 0 && this.random() < this.config.provisioningFailureRate;
  }
}
