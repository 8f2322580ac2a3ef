/**
 * A per-isolate window: items added within `ms` of the first are handed to `send` together, with the context the first
 * item came with (the queue binding to send through). Used where one queue call per item would cost more than the
 * item: turns' EVENTS messages (queues/event-outbox.ts) and the API request log (queues/api-request-events.ts).
 *
 * `add` returns the window's send: a Worker request passes it to waitUntil so its invocation lasts until the window
 * is sent; a Durable Object, which may share the isolate (and the window) with other objects, must not await it.
 * `send` must not reject: it logs its own failures.
 */
export class SendWindow<T, C> {
  private items: T[] = [];
  private context: C | null = null;
  private due: Promise<void> | null = null;
  private fire: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ms: number,
    private readonly send: (items: T[], context: C) => Promise<void>,
  ) {}

  /** How many items wait in the open window. */
  get size(): number {
    return this.items.length;
  }

  add(context: C, items: T[]): Promise<void> {
    this.items.push(...items);
    if (!this.due) {
      this.context = context;
      this.due = new Promise<void>((resolve) => (this.fire = resolve)).then(() => this.close());
      this.timer = setTimeout(this.fire!, this.ms);
    }
    return this.due;
  }

  /** Sends the open window now (a full one, or tests); resolves when it was sent. */
  flush(): Promise<void> {
    if (!this.due) return Promise.resolve();
    if (this.timer) clearTimeout(this.timer);
    this.fire!();
    return this.due;
  }

  private close(): Promise<void> {
    const items = this.items;
    const context = this.context as C;
    this.items = [];
    this.context = null;
    this.due = this.fire = this.timer = null;
    return this.send(items, context);
  }
}
