// A small coloured status pill with a dot; the text always says the status (colour is never the only cue).
export type Tone = 'ok' | 'warn' | 'error' | 'neutral';

export function StatusBadge(props: { tone: Tone; label: string; title?: string }) {
  return (
    <span class={`status status-${props.tone}`} title={props.title}>
      <span class="status-dot" aria-hidden="true"></span>
      {props.label}
    </span>
  );
}

export const AGENT_STATUS: Record<string, { tone: Tone; label: string; title: string }> = {
  ready: { tone: 'ok', label: 'Ready', title: 'Has a model and answered without errors recently' },
  needs_model: { tone: 'warn', label: 'Needs a model', title: 'No model connection and no platform default' },
  failing: { tone: 'error', label: 'Failing', title: 'At least half of its replies in the last 24 hours failed' },
};
