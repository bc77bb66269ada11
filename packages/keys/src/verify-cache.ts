import type { KeyFacts } from '@mockex/domain';

/**
 * What verifyKey needs about a key and its owner, cached by secret hash so the exchange's hot path
 * costs no database round trip while nothing changes. Every change to a key or its owner invalidates
 * here at once and, through NOTIFY, in every other process on the database. A load that raced with an
 * invalidation is not stored (the generation moved), so a stale row never outlives the change.
 */
export interface KnownKey {
  kind: 'key';
  /** The key and its owner (`facts.account.id` is whose key it is). */
  facts: KeyFacts;
}

export type CachedKey = KnownKey | { kind: 'unknown' };

interface Slot {
  value: CachedKey;
  storedAt: number;
}

export class VerifyCache {
  private readonly slots = new Map<string, Slot>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(hash: string): CachedKey | undefined {
    const slot = this.slots.get(hash);
    if (!slot) return undefined;
    // Unknown secrets are remembered only briefly: a flood of random secrets must not pin memory.
    const ttl = slot.value.kind === 'unknown' ? Math.min(this.ttlMs, 5_000) : this.ttlMs;
    if (performance.now() - slot.storedAt > ttl) {
      this.slots.delete(hash);
      return undefined;
    }
    return slot.value;
  }

  /** Marks the start of a load; pass the result to `set`. */
  begin(): number {
    return this.generation;
  }

  set(hash: string, value: CachedKey, loadGeneration: number): void {
    if (loadGeneration !== this.generation) return;
    if (this.slots.size >= this.maxEntries) {
      const oldest = this.slots.keys().next().value;
      if (oldest !== undefined) this.slots.delete(oldest);
    }
    this.slots.set(hash, { value, storedAt: performance.now() });
  }

  /** Drops the given hashes and every entry of the user. */
  invalidate(userId: string | null, hashes: readonly string[]): void {
    this.generation++;
    for (const hash of hashes) this.slots.delete(hash);
    if (userId === null) return;
    for (const [hash, slot] of this.slots) {
      if (slot.value.kind === 'key' && slot.value.facts.account.id === userId) this.slots.delete(hash);
    }
  }

  clear(): void {
    this.generation++;
    this.slots.clear();
  }

  get size(): number {
    return this.slots.size;
  }
}
