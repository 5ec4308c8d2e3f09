// Minimal IPv4 CIDR arithmetic for feature guidance and validation.

export interface Cidr {
  base: number;
  prefix: number;
}

const toInt = (ip: string): number | undefined => {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
};

export const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

export function parseCidr(text: string): Cidr | undefined {
  const [ip, prefixText] = text.split("/");
  const base = toInt(ip);
  const prefix = Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  return { base, prefix };
}

export const size = (c: Cidr) => 2 ** (32 - c.prefix);
export const isAligned = (c: Cidr) => c.base % size(c) === 0;
export const contains = (outer: Cidr, inner: Cidr) =>
  inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
export const overlaps = (a: Cidr, b: Cidr) => a.base < b.base + size(b) && b.base < a.base + size(a);
export const format = (c: Cidr) => `${intToIp(c.base)}/${c.prefix}`;
/** The n-th host address of a subnet (1 = first usable). */
export const host = (c: Cidr, n: number) => intToIp(c.base + n);
export const ipInCidr = (ip: string, c: Cidr) => {
  const n = toInt(ip);
  return n !== undefined && n > c.base && n < c.base + size(c) - 1;
};
