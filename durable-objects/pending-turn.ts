// The running turn's journal in the object's storage, written without holding output (allowUnconfirmed): the
// user's message before the model is called, then the text streamed so far (throttled). A turn cut by a crash, an
// eviction or a deploy is recovered from it when the object starts again (SessionStore.recoverTurn).
import type { TurnJournal } from './turn';

export const PENDING_KEY = 'pending-turn';
/** How often streamed text is recorded at most. */
const TEXT_EVERY_MS = 200;

export type PendingTurn = {
  turnId: string;
  userMessageId: string;
  content: string;
  at: number;
  /** The text streamed by the current model step, not yet in the messages table. */
  text: string;
};

export class PendingTurnJournal implements TurnJournal {
  private record: PendingTurn | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  /**
   * Recorded on the next macrotask, once the model request is on its way: the write itself does not hold output,
   * but its commit runs on the object's thread, and before the fetch it added that time to every first token.
   */
  begin(turn: Omit<PendingTurn, 'text'>): void {
    this.record = { ...turn, text: '' };
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.write();
    }, 0);
  }

  text(soFar: string): void {
    if (!this.record) return;
    this.record.text = soFar;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.write();
    }, TEXT_EVERY_MS);
  }

  /** A step's messages are in the messages table: the text recorded so far is no longer pending. */
  saved(): void {
    if (!this.record) return;
    this.stopTimer();
    this.record.text = '';
    this.write();
  }

  end(): void {
    this.stopTimer();
    this.record = null;
    void this.storage.delete(PENDING_KEY, { allowUnconfirmed: true }).catch(() => {});
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private write(): void {
    if (this.record) void this.storage.put(PENDING_KEY, { ...this.record }, { allowUnconfirmed: true }).catch(() => {});
  }
}
