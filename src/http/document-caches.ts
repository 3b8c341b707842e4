import type { DocumentNode } from 'graphql';

/**
 * yoga's parse caches (documents and parse errors, by source text) with a budget
 * in characters instead of yoga's 1,024 entries: a parsed document costs up to
 * ~250 bytes per character (a token every two), so 1,024 documents of 2,000
 * tokens pinned ~1 GB. Documents over `maxChars` are not cached; the least
 * recently used go first. Worst case ≈ `budgetChars` × 250 bytes (64 MB).
 */
export function documentCaches(budgetChars = 262_144, maxChars = 8_192) {
  const lru = <T>() => {
    const entries = new Map<string, T>();
    let chars = 0;
    return {
      get(key: string): T | undefined {
        const value = entries.get(key);
        if (value !== undefined) {
          entries.delete(key);
          entries.set(key, value);
        }
        return value;
      },
      set(key: string, value: T) {
        if (key.length > maxChars || entries.has(key)) return;
        entries.set(key, value);
        chars += key.length;
        for (const oldest of entries.keys()) {
          if (chars <= budgetChars) break;
          entries.delete(oldest);
          chars -= oldest.length;
        }
      },
    };
  };
  return { documentCache: lru<DocumentNode>(), errorCache: lru<unknown>() };
}
