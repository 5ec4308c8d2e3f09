// Background work: both services' ticks (provisioning timers, notifications, the partner's reconcilers and the cloud's
// retried deletes, resumed after a restart), one round at a time, and a write of whatever is marked changed on every
// beat, whether or not a round is still waiting for the peer: a request in flight that called the peer (a resize,
// say) has its state on disk within a beat, as does a round that did work.
import { sleep } from "./http/hooks";
import type { CoordinatorService } from "./coordinator/service";
import type { Store } from "./state/store";

export interface TickerDeps {
  services: CoordinatorService[];
  store: Store;
  tickMs: number;
  warn: (msg: string) => void;
}

/** Starts the loop; the returned function stops it after the round in progress. */
export function startTicker(deps: TickerDeps): () => Promise<void> {
  let running = true;
  let failing = false;
  let round: Promise<void> | undefined;
  const tickAll = async () => {
    const ticks = await Promise.allSettled(deps.services.map((service) => service.tick()));
    // A round that did work (or failed part way) may have changed state.
    if (ticks.some((t) => t.status === "rejected" || t.value)) deps.store.markChanged();
  };
  const flush = () => {
    try {
      deps.store.flush();
      if (failing) deps.warn("state written again");
      failing = false;
    } catch (err) {
      // Kept dirty: the next beat retries. Logged once per outage.
      if (!failing) deps.warn(`cannot write the state (${(err as Error).message}); retrying`);
      failing = true;
    }
  };
  const loop = (async () => {
    while (running) {
      round ??= tickAll().finally(() => (round = undefined));
      // Written when the round is done, or after a beat if it still waits for the peer.
      await Promise.race([round, sleep(deps.tickMs)]);
      flush();
      await sleep(deps.tickMs);
    }
    await round;
    flush();
  })();
  return async () => {
    running = false;
    await loop;
  };
}
