// The running turn's journal in the object's storage, written without holding output (allowUnconfirmed): the
// user's message and the text streamed so far (throttled). A turn cut by a crash or a deploy is recovered from it
// when the object starts again (SessionStore.recoverTurn).
//
// Nothing is written for the first BEGIN_AFTER_MS of a turn: a storage write is cheap for the output gate but its
// commit runs on the object's thread, and written at the start it landed on every time to first token (about 2 ms in
// `npm run bench:chat`). Most turns end within that time; a crash inside it loses that turn's message (the client
// saw its request fail), never a saved one. A turn that saved tool calls is journaled at once (saved()). A turn
// never journaled deletes nothing.
import type { UserFile } from '../worker/llm/user-file';
import type { TurnJournal } from './turn';

export const PENDING_KEY = 'pending-turn';
/** How long a turn runs before it is journaled at all. */
const BEGIN_AFTER_MS = 100;
/** How often streamed text is recorded at most after that. */
const TEXT_EVERY_MS = 200;

export type PendingTurn = {
  turnId: string;
  userMessageId: string;
  content: string;
  /** The file attached to the message, if any. */
  file?: UserFile;
  at: number;
  /** The text streamed by the current model step, not yet in the messages table. */
  text: string;
};

export class PendingTurnJournal implements TurnJournal {
  private record: PendingTurn | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private written = false;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** The running turn as journaled (also before it reached storage): a page loaded mid-answer draws it. */
  get current(): Readonly<PendingTurn> | null {
    return this.record;
  }

  begin(turn: Omit<PendingTurn, 'text'>): void {
    this.record = { ...turn, text: '' };
    this.schedule(BEGIN_AFTER_MS);
  }

  text(soFar: string): void {
    if (!this.record) return;
    this.record.text = soFar;
    if (this.written) this.schedule(TEXT_EVERY_MS);
  }

  /**
   * A step's tool calls are in the messages table and their tools run now: the text recorded so far is no longer
   * pending, and the turn is journaled at once (however young), so a crash while the tools run gets its calls
   * answered as interrupted when the object starts again.
   */
  saved(): void {
    if (!this.record) return;
    this.record.text = '';
    this.stopTimer();
    this.write();
  }

  end(): void {
    this.stopTimer();
    this.record = null;
    if (this.written) void this.storage.delete(PENDING_KEY, { allowUnconfirmed: true }).catch(() => {});
    this.written = false;
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.write();
    }, ms);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private write(): void {
    if (!this.record) return;
    this.written = true;
    void this.storage.put(PENDING_KEY, { ...this.record }, { allowUnconfirmed: true }).catch(() => {});
  }
}
