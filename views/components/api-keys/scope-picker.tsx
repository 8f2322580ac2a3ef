// The API-key access picker of the Developers page: presets (Full access, Read only, Chat only) or Custom with one
// checkbox per scope, worded as in the API (worker/services/scope-presets.ts supplies both lists).
export type PresetChoice = { id: string; label: string; hint: string; scopes: readonly string[] };
export type ScopeChoice = { id: string; label: string };

export function ScopePicker(props: { presets: PresetChoice[]; scopes: ScopeChoice[]; value?: string }) {
  const value = props.value ?? props.presets[0]?.id;
  return (
    <fieldset class="field scope-fieldset">
      <legend class="field-label">Access</legend>
      <div class="preset-list">
        {props.presets.map((p) => (
          <label class="preset-choice">
            <input type="radio" name="access" value={p.id} checked={value === p.id} />
            <span>
              <strong>{p.label}</strong> <span class="field-hint">{p.hint}</span>
              <span class="field-hint mono"> {p.scopes.join(', ')}</span>
            </span>
          </label>
        ))}
        <label class="preset-choice">
          <input type="radio" name="access" value="custom" checked={value === 'custom'} />
          <span>
            <strong>Custom</strong> <span class="field-hint">Only the scopes checked below.</span>
          </span>
        </label>
      </div>
      <div class="scope-grid" role="group" aria-label="Custom scopes">
        {props.scopes.map((s) => (
          <label class="scope-choice">
            <input type="checkbox" name="scopes" value={s.id} />{' '}
            <span>
              <code>{s.id}</code> <span class="field-hint">{s.label}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
