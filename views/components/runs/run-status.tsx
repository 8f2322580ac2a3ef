// How runs and steps show their status: a tone (colour), a word and a symbol, so colour is never the only cue.
import { StatusBadge, type Tone } from '../ui/status-badge';

const TONE: Record<string, Tone> = {
  succeeded: 'ok',
  failed: 'error',
  cancelled: 'neutral',
  skipped: 'neutral',
  waiting: 'warn',
  running: 'warn',
  queued: 'neutral',
  pending: 'neutral',
};
const LABEL: Record<string, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
  waiting: 'Waiting',
  running: 'Running',
  queued: 'Queued',
  pending: 'Pending',
};
/** A text symbol per status for places without a badge (the graph's nodes). */
export const STATUS_SYMBOL: Record<string, string> = {
  succeeded: '✓',
  failed: '✗',
  cancelled: '⊘',
  skipped: '↷',
  waiting: '‖',
  running: '▶',
  queued: '…',
  pending: '○',
};

export const statusTone = (status: string): Tone => TONE[status] ?? 'neutral';
export const statusLabel = (status: string) => LABEL[status] ?? status;
export const isFinished = (status: string) => status === 'succeeded' || status === 'failed' || status === 'cancelled';

export const RunStatusBadge = (props: { status: string }) => <StatusBadge tone={statusTone(props.status)} label={statusLabel(props.status)} />;

export const TRIGGER_LABEL: Record<string, string> = {
  api: 'API',
  schedule: 'Schedule',
  webhook: 'Webhook',
  agent: 'Agent',
  mcp: 'MCP',
  workflow: 'Parent workflow',
  test: 'Test run',
};
