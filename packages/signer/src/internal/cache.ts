import { sm3 } from '@exlic/core';

/** A small map that forgets its oldest entry past `size`. */
export function createCache<T>(size: number): (id: string, make: () => T) => T {
  const map = new Map<string, T>();
  return (id, make) => {
    if (map.has(id)) return map.get(id) as T;
    const value = make();
    if (map.size >= size) map.delete(map.keys().next().value as string);
    map.set(id, value);
    return value;
  };
}

/** A cache key for key material: the SM3 digest of the length-prefixed parts, so no private key is kept as a string. */
export function cacheId(...parts: Uint8Array[]): string {
  return Array.from(sm3(...parts.flatMap((p) => [Uint8Array.of(p.length >> 8, p.length & 0xff), p])), (b) => b.toString(16).padStart(2, '0')).join('');
}
