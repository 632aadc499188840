/**
 * Deterministic randomness for the synthetic data: every record is a pure function of
 * (seed, stream, index), so any record can be recomputed on demand instead of being kept in memory.
 */

/** murmur3's 32-bit finalizer: a cheap, well-mixing hash of one 32-bit word. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of (seed, stream, index); streams keep the record kinds' randomness apart. */
export function hash3(seed: number, stream: number, index: number): number {
  const hi = Math.floor(index / 0x100000000);
  return mix32(mix32(mix32(seed ^ 0x9e3779b9) ^ Math.imul(stream + 1, 0x27d4eb2d)) + (index >>> 0) + mix32(hi));
}

/** sfc32: a small, fast PRNG with good statistics; one per record, seeded by hash3. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  static of(seed: number, stream: number, index: number): Rng {
    return new Rng(hash3(seed, stream, index));
  }

  /** uniform in [0, 1) */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** picks a key by weight: { a: 3, b: 1 } gives a three times in four */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.next() * total;
    for (const [key, w] of entries) {
      x -= w;
      if (x < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}

/**
 * Samples items listed in frequency rank order with Zipf-Mandelbrot weights 1/(rank + offset)^s,
 * so the first items (Smith, Johnson...) are common and the long tail is rare.
 */
export class ZipfSampler<T> {
  private readonly cumulative: Float64Array;

  constructor(private readonly items: readonly T[], offset: number, exponent = 1) {
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let rank = 0; rank < items.length; rank++) {
      total += 1 / Math.pow(rank + 1 + offset, exponent);
      this.cumulative[rank] = total;
    }
  }

  /** the probability of the item at a rank (for tests and docs) */
  share(rank: number): number {
    const total = this.cumulative[this.cumulative.length - 1];
    return (this.cumulative[rank] - (rank > 0 ? this.cumulative[rank - 1] : 0)) / total;
  }

  sample(rng: Rng): T {
    const x = rng.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * A bijection of [0, size): n -> (a*n + b) mod size with a coprime to size. Walking n = 0, 1, 2...
 * visits every index once in scattered order: how the list picks CRM records without repeats.
 */
export class AffinePermutation {
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(readonly size: number, seed: number) {
    if (!Number.isSafeInteger(size) || size < 1) throw new Error(`permutation size must be a positive integer, got ${size}`);
    // keep multiplier * size below 2^53 so the product stays exact
    const bound = Math.max(2, Math.min(size, Math.floor(Number.MAX_SAFE_INTEGER / size)));
    let multiplier = Math.max(1, Math.floor(bound * (0.3 + 0.4 * (mix32(seed) / 4294967296))));
    while (gcd(multiplier, size) !== 1) multiplier++;
    this.multiplier = multiplier % size || 1;
    this.offset = mix32(seed ^ 0x5bd1e995) % size;
  }

  at(n: number): number {
    return (this.multiplier * (n % this.size) + this.offset) % this.size;
  }
}

/** Mulberry32: a tiny seeded PRNG of floats in [0, 1), for generators that draw one stream in order. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
