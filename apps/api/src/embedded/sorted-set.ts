/** A Redis sorted set: members ordered by score, then by member (code units, as Redis compares bytes for ASCII). */
export class SortedSet {
  private readonly scores = new Map<string, number>();
  /** Ordered by (score, member). */
  private readonly order: [member: string, score: number][] = [];

  get size(): number {
    return this.order.length;
  }

  has(member: string): boolean {
    return this.scores.has(member);
  }

  /** Adds or moves `member`; true when it was new. */
  add(member: string, score: number): boolean {
    const isNew = !this.scores.has(member);
    if (!isNew) this.delete(member);
    this.scores.set(member, score);
    this.order.splice(this.lowerBound(score, member), 0, [member, score]);
    return isNew;
  }

  delete(member: string): boolean {
    const score = this.scores.get(member);
    if (score === undefined) return false;
    this.scores.delete(member);
    this.order.splice(this.lowerBound(score, member), 1);
    return true;
  }

  rank(member: string): number | null {
    const score = this.scores.get(member);
    return score === undefined ? null : this.lowerBound(score, member);
  }

  popMin(count: number): [member: string, score: number][] {
    const popped = this.order.splice(0, Math.max(0, count));
    for (const [member] of popped) this.scores.delete(member);
    return popped;
  }

  /** ZRANGE key min max BYSCORE LIMIT offset count: bounds as Redis writes them (`-inf`, `+inf`, `(5`). */
  rangeByScore(min: string, max: string, offset: number, count: number): string[] {
    const low = bound(min);
    const high = bound(max);
    const result: string[] = [];
    let skipped = 0;
    for (const [member, score] of this.order) {
      if (score > high.value || (high.exclusive && score === high.value)) break;
      if (score < low.value || (low.exclusive && score === low.value)) continue;
      if (skipped++ < offset) continue;
      if (count >= 0 && result.length >= count) break;
      result.push(member);
    }
    return result;
  }

  private lowerBound(score: number, member: string): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const [m, s] = this.order[middle]!;
      if (s < score || (s === score && m < member)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function bound(text: string): { value: number; exclusive: boolean } {
  const exclusive = text.startsWith("(");
  const raw = exclusive ? text.slice(1) : text;
  const value = raw === "-inf" ? -Infinity : raw === "+inf" || raw === "inf" ? Infinity : Number(raw);
  if (Number.isNaN(value)) throw new Error("ERR min or max is not a float");
  return { value, exclusive };
}
