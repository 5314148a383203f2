// The fairness checker shared by the tests and the benchmark. Erasable TypeScript only: the benchmark runs it on
// Node's type stripping.

/** One join as the caller saw it. `sentAt` and `answeredAt` come from one monotonic counter of the caller. */
export interface JoinRecord {
  readonly identity: string;
  readonly sentAt: number;
  readonly answeredAt: number;
  /** The room answered `pre_queue` (joined before the opening). */
  readonly preQueue: boolean;
}

/**
 * Pairs (A, B) where A had the right to go first and B was admitted before A (or A never was):
 * - A joined in the pre-queue and B after the opening;
 * - both joined after the opening and A's join was answered before B's was sent.
 * Joins that overlapped in time may be served in either order. O(n log n).
 */
export function countInversions(joins: readonly JoinRecord[], admissionOrder: readonly string[]): number {
  const rankOf = new Map<string, number>();
  admissionOrder.forEach((identity, index) => {
    if (!rankOf.has(identity)) rankOf.set(identity, index);
  });
  const never = admissionOrder.length;
  const rank = (identity: string) => rankOf.get(identity) ?? never;
  const pre = joins.filter((join) => join.preQueue);
  const post = joins.filter((join) => !join.preQueue);

  let inversions = 0;
  const preRanks = pre.map((join) => rank(join.identity)).sort((a, b) => a - b);
  for (const join of post) {
    const r = rank(join.identity);
    if (r !== never) inversions += preRanks.length - upperBound(preRanks, r);
  }

  // Post-opening pairs: walk B by sentAt, adding every A answered before it to a Fenwick tree over ranks.
  const byAnswer = [...post].sort((a, b) => a.answeredAt - b.answeredAt);
  const bySent = [...post].sort((a, b) => a.sentAt - b.sentAt);
  const tree = new Fenwick(never + 1);
  let added = 0;
  for (const b of bySent) {
    while (added < byAnswer.length && byAnswer[added]!.answeredAt < b.sentAt)
      tree.add(rank(byAnswer[added++]!.identity));
    const r = rank(b.identity);
    if (r !== never) inversions += added - tree.countUpTo(r);
  }
  return inversions;
}

/** Index of the first value > x in sorted `values`. */
function upperBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Fenwick {
  readonly #tree: Int32Array;

  constructor(size: number) {
    this.#tree = new Int32Array(size + 1);
  }

  add(index: number): void {
    for (let i = index + 1; i < this.#tree.length; i += i & -i) this.#tree[i]!++;
  }

  /** How many added indexes are <= index. */
  countUpTo(index: number): number {
    let sum = 0;
    for (let i = index + 1; i > 0; i -= i & -i) sum += this.#tree[i]!;
    return sum;
  }
}
