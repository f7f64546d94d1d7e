/**
 * The requests in flight, for drain at shutdown: a doubly linked list of
 * small nodes. A `Set` did the same job at ten times the garbage-collection
 * cost: with it, every request's whole object graph survived young-generation
 * collections and was promoted to the old space (measured with
 * `--trace-gc-nvp`: ~4 KB promoted per request, none without it;
 * docs/decisions.md, "in-flight list"). A removed node keeps no reference to
 * its neighbours or its value.
 */
interface Node<T> {
  value: T | null;
  prev: Node<T> | null;
  next: Node<T> | null;
}

export class InflightList<T> {
  #head: Node<T> | null = null;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds a value; the returned handle removes it. */
  add(value: T): () => void {
    const node: Node<T> = { value, prev: null, next: this.#head };
    if (this.#head) this.#head.prev = node;
    this.#head = node;
    this.#size++;
    return () => this.#remove(node);
  }

  #remove(node: Node<T>): void {
    if (node.value === null) return;
    if (node.prev) node.prev.next = node.next;
    else this.#head = node.next;
    if (node.next) node.next.prev = node.prev;
    node.value = node.prev = node.next = null;
    this.#size--;
  }

  /** A copy, newest first: safe to act on while requests finish and leave the list. */
  values(): T[] {
    const out: T[] = [];
    for (let n = this.#head; n; n = n.next) if (n.value !== null) out.push(n.value);
    return out;
  }
}
