// Prefix fingerprints: two 32-bit lanes per string, combined into one safe integer (53 bits). A trace keeps
// these per unit boundary instead of the requests themselves.

export interface Lanes {
  a: number;
  b: number;
}

export function hashString(s: string, seed = 0): Lanes {
  let a = 0x811c9dc5 ^ seed;
  let b = 0x9747b28c ^ Math.imul(seed, 0x5bd1e995);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return { a: a >>> 0, b: b >>> 0 };
}

/** Fold one unit's lanes into the running prefix lanes. */
export function combine(prev: Lanes, unit: Lanes): Lanes {
  let a = Math.imul(prev.a ^ unit.a, 0x01000193);
  a ^= a >>> 13;
  a = Math.imul(a ^ unit.b, 0x85ebca6b);
  let b = Math.imul(prev.b ^ unit.b, 0xc2b2ae35);
  b ^= b >>> 16;
  b = Math.imul(b ^ unit.a, 0x27d4eb2f);
  return { a: (a ^ (a >>> 15)) >>> 0, b: (b ^ (b >>> 13)) >>> 0 };
}

/** One number for a Map key: 32 bits of lane a and 21 of lane b. */
export function keyOf(l: Lanes): number {
  return l.a * 2097152 + (l.b & 0x1fffff);
}
