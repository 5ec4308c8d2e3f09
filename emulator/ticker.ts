// Background work: both sides' ticks (provisioning timers, notifications, the partner's reconcilers and the cloud's
// retried deletes, resumed after a restart), then a write when a tick did work.
import { sleep } from "./http/hooks";
import type { CoordinatorSide } from "./coordinator/side";
import type { Store } from "./state/store";

export interface TickerDeps {
  sides: CoordinatorSide[];
  store: Store;
  tickMs: number;
  warn: (msg: string) => void;
}

/** Starts the loop; the returned function stops it after the tick in progress. */
export function startTicker(deps: TickerDeps): () => Promise<void> {
  let running = true;
  let failing = false;
  const loop = (async () => {
    while (running) {
      const ticks = await Promise.allSettled(deps.sides.map((side) => side.tick()));
      // A tick that did work (or failed part way) may have changed state.
      if (ticks.some((t) => t.status === "rejected" || t.value)) deps.store.markChanged();
      try {
        deps.store.flush();
        if (failing) deps.warn("state written again");
        failing = false;
      } catch (err) {
        // Kept dirty: the next tick retries. Logged once per outage.
        if (!failing) deps.warn(`cannot write the state (${(err as Error).message}); retrying`);
        failing = true;
      }
      await sleep(deps.tickMs);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
