/**
 * A small seeded random generator (mulberry32), so that a soak run is repeatable from its seed:
 * the same seed plans the same changes and faults.
 */

/** Random choices drawn from one seed. */
export class Rng {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** A float in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    }

    /** An integer in [min, max]. */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    /** True with probability `p`. */
    chance(p: number): boolean {
        return this.next() < p;
    }

    /** One element of a non-empty list. */
    pick<T>(items: readonly T[]): T {
        if (items.length === 0) throw new Error("pick from an empty list");
        return items[Math.floor(this.next() * items.length)]!;
    }

    /** `count` distinct elements, in the list's order. */
    sample<T>(items: readonly T[], count: number): T[] {
        const chosen = new Set<number>();
        while (chosen.size < Math.min(count, items.length)) chosen.add(this.int(0, items.length - 1));
        return items.filter((_, i) => chosen.has(i));
    }
}
