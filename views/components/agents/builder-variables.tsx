// The builder's variables panel: each {{variable}} found in the instructions with its default value, the built-in
// ones, and a preview of the instructions as the model will read them. The server renders it on every edit
// (POST /app/agents/:id/preview, swapped with innerMorph so the field being typed in keeps its focus and value).
import { emptyVariables, emptyVariablesMessage, templateParts } from '../../../worker/services/template';

export type PreviewInput = { instructions: string; variables: Record<string, string>; agentName: string; today: string };

export function VariablesPanel(props: PreviewInput & { error?: string }) {
  const names = Object.keys(props.variables);
  const builtins: Record<string, string> = { current_date: props.today, agent_name: props.agentName || 'the agent’s name' };
  const parts = templateParts(props.instructions);
  const usedBuiltins = [...new Set(parts.flatMap((p) => ('name' in p && p.name in builtins ? [p.name] : [])))];
  // Flagged before any model call: a conversation that does not pass them is refused instead of sending "".
  const empty = emptyVariables(props.instructions, props.variables).filter((n) => names.includes(n));
  return (
    <div class="variables" id="variables-panel" aria-live="polite">
      {props.error && <p class="field-error">{props.error}</p>}
      {empty.length > 0 && (
        <p class="field-hint text-warn" id="variables-empty">
          {emptyVariablesMessage(empty)}
        </p>
      )}
      {names.length > 0 ? (
        <fieldset class="fieldset">
          <legend class="field-label">Variables</legend>
          <p class="field-hint">
            Default values; a conversation may pass its own (API: <code>variables</code>).
          </p>
          <div class="var-grid">
            {names.map((n) => (
              <div class="var-row">
                <label class="var-name mono" for={`var-${n}`}>{`{{${n}}}`}</label>
                <input
                  class="input"
                  id={`var-${n}`}
                  name={`var.${n}`}
                  value={props.variables[n]}
                  maxlength={2000}
                  placeholder="Default value"
                  aria-invalid={empty.includes(n) ? 'true' : undefined}
                  aria-describedby={empty.includes(n) ? 'variables-empty' : undefined}
                />
              </div>
            ))}
          </div>
        </fieldset>
      ) : (
        <p class="field-hint">
          Tip: write <code>{'{{customer_name}}'}</code> to add a variable; it appears here with a default value.
        </p>
      )}
      {usedBuiltins.length > 0 && (
        <p class="field-hint">
          Filled automatically:{' '}
          {usedBuiltins.map((n, i) => (
            <>
              {i > 0 && ', '}
              <code>{`{{${n}}}`}</code>
            </>
          ))}
          .
        </p>
      )}
      {props.instructions.trim() && (
        <div class="preview">
          <p class="preview-label">Preview: the instructions as the model reads them</p>
          <div class="preview-text">
            {parts.map((p) =>
              'text' in p
                ? p.text
                : (() => {
                    const value = p.name in props.variables ? props.variables[p.name] : builtins[p.name];
                    return value ? <mark class="var-filled">{value}</mark> : <mark class="var-empty">{`{{${p.name}}}`}</mark>;
                  })(),
            )}
          </div>
        </div>
      )}
    </div>
  );
}
