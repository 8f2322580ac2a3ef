/**
 * A streamed answer that holds its HTTP response until the first real event, so a failure before it can still be
 * answered with an honest status instead of a 200 stream (the OpenAI-compatible APIs: /v1/chat/completions and
 * /v1/responses). `ready` resolves with the stream once `send()` or `release()` was called, or with what `fail()`
 * was given if that came first; the route then answers an HTTP error. `prelude()` queues frames that go out first
 * without releasing (OpenAI's role chunk, the Responses API's `response.created`). After release, `fail()` returns
 * false and the caller writes its error event into the stream. Nothing waits beyond the first event: the first
 * send resolves `ready` with the frames already queued, and later sends go straight to the stream.
 */
export type Held<F> = { stream: ReadableStream<Uint8Array> } | { failure: F };

export class HeldStream<F> {
  readonly ready: Promise<Held<F>>;
  private readonly stream: ReadableStream<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly enc = new TextEncoder();
  private settle!: (h: Held<F>) => void;
  private reject!: (e: unknown) => void;
  private released = false;
  private open = true;

  /** `onCancel`: the reader went away (stop the work behind the stream). */
  constructor(onCancel: () => void) {
    this.ready = new Promise((resolve, reject) => ((this.settle = resolve), (this.reject = reject)));
    // The runtime's own stream (as durable-objects/turn-events.ts): piped over RPC and to the client without calling
    // back into JavaScript for each chunk. A reader going away errors the writable side.
    const t = new IdentityTransformStream();
    this.stream = t.readable;
    this.writer = t.writable.getWriter();
    this.writer.ready.catch(() => {});
    this.writer.closed.catch(() => {
      if (!this.open) return;
      this.open = false;
      onCancel();
    });
  }

  /** True once the response went out as a stream (or was answered with a failure). */
  get settled() {
    return this.released;
  }

  /** Queues a frame without releasing the response. */
  prelude(text: string) {
    if (this.open) this.writer.write(this.enc.encode(text)).catch(() => {});
  }

  /** Queues a frame and releases the response (the first real event). */
  send(text: string) {
    this.prelude(text);
    this.release();
  }

  /** Releases the response with what is queued so far. */
  release() {
    if (this.released) return;
    this.released = true;
    this.settle({ stream: this.stream });
  }

  /** Answers `failure` instead of a stream when nothing was released yet (true); false when the stream is out. */
  fail(failure: F): boolean {
    if (this.released) return false;
    this.released = true;
    this.open = false;
    this.settle({ failure });
    // Never read: its queued frames (a role chunk) go, so the runtime has no pending write left to fail later.
    this.writer.abort().catch(() => {});
    return true;
  }

  /** Ends the stream (releasing it first when nothing was sent: an empty answer is still an answer). */
  close() {
    this.release();
    if (this.open) {
      this.open = false;
      this.writer.close().catch(() => {});
    }
  }

  /** An unexpected error: rejects `ready` before release, errors the stream after. */
  error(e: unknown) {
    if (!this.released) {
      this.released = true;
      this.reject(e);
      this.writer.abort().catch(() => {});
    } else if (this.open) {
      this.open = false;
      this.writer.abort(e).catch(() => {});
    }
    this.open = false;
  }
}
