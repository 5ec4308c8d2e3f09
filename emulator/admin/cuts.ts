// Admin: physical cuts (/_admin/cut): by a diversity dimension's element, or every link whose route crosses an area;
// the store keeps them (Store.cut, Store.clearCuts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { DiversityDimensionSchema, type DiversityDimension } from "../../schema/customer";
import { invalidArgument } from "../http/errors";
import type { CutRecord, Store } from "../state/store";
import { NoBodySchema } from "./bodies";

/** A cut names one element per diversity dimension (schema/customer.ts), or an area. */
const CUT_DIMENSIONS = DiversityDimensionSchema.options;
const CutSchema = z
  .strictObject({
    ...(Object.fromEntries(CUT_DIMENSIONS.map((d) => [d, z.string().optional()])) as Record<
      DiversityDimension,
      z.ZodOptional<z.ZodString>
    >),
    /** An area cut: every link whose route passes within radiusMeters of point ([lon, lat]) goes down. */
    point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).optional(),
    radiusMeters: z.number().positive().max(100_000).optional(),
    /** true: repair the element instead of cutting it. */
    restore: z.boolean().optional(),
  })
  .refine((b) => (b.point === undefined) === (b.radiusMeters === undefined), {
    message: "an area cut needs both point ([lon, lat]) and radiusMeters",
  });

/** The area cut of a request, named by its centre and radius so that restoring it finds it again. */
function areaCut(body: z.infer<typeof CutSchema>): CutRecord[] {
  if (!body.point || body.radiusMeters === undefined) return [];
  const [lon, lat] = body.point;
  return [
    {
      dimension: "area",
      id: `${lon},${lat}@${body.radiusMeters}m`,
      point: body.point,
      radiusMeters: body.radiusMeters,
    },
  ];
}

export function registerCutRoutes(app: FastifyInstance, store: Store): void {
  app.get("/_admin/cut", async () => ({ cuts: store.state.cuts }));
  app.post("/_admin/cut", async (req) => {
    const body = CutSchema.parse(req.body ?? {});
    const targets: CutRecord[] = [
      ...CUT_DIMENSIONS.flatMap((d) => {
        const id = body[d];
        return id ? [{ dimension: d, id }] : [];
      }),
      ...areaCut(body),
    ];
    if (targets.length === 0)
      throw invalidArgument(`name one of ${CUT_DIMENSIONS.join(", ")}, or point and radiusMeters`);
    return { cuts: store.cut(targets, body.restore === true) };
  });
  app.delete("/_admin/cut", async (req) => {
    NoBodySchema.parse(req.body ?? {});
    store.clearCuts();
    return { cuts: [] };
  });
}
