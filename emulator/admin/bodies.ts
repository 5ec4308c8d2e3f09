// Request-body pieces several admin routes share: the empty body, and a connection id as the emulator issues them.
import { z } from "zod";

/** Routes that take no body accept none, or {}. */
export const NoBodySchema = z.strictObject({});

/** A connection id as the emulator issues them; never an Object.prototype name (the tables are plain objects). */
export const ConnectionIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a connection id (letters, digits, . _ -)")
  .refine((id) => !(id in Object.prototype), "is not a connection id");
