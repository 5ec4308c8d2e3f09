// Secrets across the plugin boundary. @pulumi/pulumi's provider module hands values marked secret to the provider as
// raw secret structs, and stores whatever the provider returns as it is: a value returned without its mark is written
// to state in plaintext. So values are unwrapped on the way in and the resource's secret fields re-marked on the way out.

/** The engine's marker of a secret value: `{ [SIG_KEY]: SECRET_SIG, value }` (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Bag = Record<string, unknown>;

export const isSecretStruct = (value: unknown): value is { value: unknown } =>
  typeof value === "object" && value !== null && (value as Bag)[SIG_KEY] === SECRET_SIG;

export const secretOf = (value: unknown): Bag => ({ [SIG_KEY]: SECRET_SIG, value });

/** `value` with every secret struct in it replaced by its value. */
export function unwrapDeep(value: unknown): unknown {
  if (isSecretStruct(value)) return unwrapDeep(value.value);
  if (Array.isArray(value)) return value.map(unwrapDeep);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, unwrapDeep(inner)]));
  return value;
}

/** Whether a secret struct is anywhere in `value`. */
function holdsSecret(value: unknown): boolean {
  if (isSecretStruct(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsSecret);
  return false;
}

/** A property bag without its secret marks, and the top-level keys that held a secret (to be marked again). */
export function unwrapBag(bag: unknown): { plain: Bag; secretKeys: string[] } {
  const given = (bag ?? {}) as Bag;
  return {
    plain: unwrapDeep(given) as Bag,
    secretKeys: Object.keys(given).filter((key) => holdsSecret(given[key])),
  };
}

/**
 * `bag` with each of `keys` that it holds marked secret, and so is a secret's declared value the kit keeps under
 * `declaredInputs` (../common/resource-kit.ts). Unknown values stay unknown; marked values are not marked twice.
 */
export function markSecrets(bag: Bag, keys: Iterable<string>): Bag {
  const secretKeys = new Set(keys);
  const marked: Bag = {};
  for (const [key, value] of Object.entries(bag)) {
    if (key === "declaredInputs" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      marked[key] = markSecrets(value as Bag, secretKeys);
    } else {
      const secret = secretKeys.has(key) && value !== undefined && value !== null && !isSecretStruct(value);
      marked[key] = secret ? secretOf(value) : value;
    }
  }
  return marked;
}
