// Request statistics per role, API and operation (GET /_admin/stats), recorded by the HTTP hooks (./hooks.ts).
export class Stats {
  private counts = new Map<string, number>();
  private since = new Date().toISOString();

  /** operation: a spec operationId ("UpdateConnection") or a customer operation ("partner.GetConnection"). */
  record(role: string, api: string, operation: string, status: number | "reset" | "lost"): void {
    const key = JSON.stringify([role, api, operation, String(status)]);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
    this.since = new Date().toISOString();
  }

  snapshot() {
    const requests = [...this.counts].map(([key, count]) => {
      const [role, api, operation, status] = JSON.parse(key) as string[];
      return { role, api, operation, status, count };
    });
    const sum = (pick: (r: (typeof requests)[number]) => string) =>
      requests.reduce<Record<string, number>>((acc, r) => ({ ...acc, [pick(r)]: (acc[pick(r)] ?? 0) + r.count }), {});
    const byRole: Record<
      string,
      { total: number; byOperation: Record<string, number>; byStatus: Record<string, number> }
    > = {};
    for (const role of new Set(requests.map((r) => r.role))) {
      const mine = requests.filter((r) => r.role === role);
      byRole[role] = {
        total: mine.reduce((n, r) => n + r.count, 0),
        byOperation: mine.reduce<Record<string, number>>(
          (acc, r) => ({ ...acc, [r.operation]: (acc[r.operation] ?? 0) + r.count }),
          {},
        ),
        byStatus: mine.reduce<Record<string, number>>(
          (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + r.count }),
          {},
        ),
      };
    }
    return {
      since: this.since,
      total: requests.reduce((n, r) => n + r.count, 0),
      byOperation: sum((r) => r.operation),
      byStatus: sum((r) => r.status),
      byRole,
      requests,
    };
  }
}
