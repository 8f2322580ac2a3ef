// The builder's model field: free text with the connection's models as suggestions (GET {base_url}/models through
// the guarded outbound fetch, loaded after the page and again when the connection changes), or why there are none.
import type { ModelList } from '../../../worker/services/connection-check';
import { Icon } from '../ui/icon';

export function ModelField(props: { agentId: string; model: string; connectionId: string; list: ModelList | null; error?: string; lazy?: boolean }) {
  const { list } = props;
  const hint = !props.connectionId
    ? 'The platform’s default provider serves this model.'
    : !list
      ? 'Loading the connection’s models…'
      : list.ok
        ? `${list.models.length} model${list.models.length === 1 ? '' : 's'} available from the connection: start typing or pick one.`
        : `Could not list the connection’s models (${list.message}). Type the model name.`;
  return (
    <div
      class={props.error ? 'field field-invalid field-grow' : 'field field-grow'}
      id="model-field"
      hx-get={`/app/agents/${encodeURIComponent(props.agentId)}/models`}
      hx-trigger={props.lazy && props.connectionId ? 'load, change from:#field-connection_id' : 'change from:#field-connection_id'}
      hx-include="#field-connection_id, #field-model"
      hx-swap="outerHTML"
    >
      <label class="field-label" for="field-model">Model</label>
      <input class="input mono" id="field-model" name="model" value={props.model} list="model-options" required maxlength={200} autocomplete="off" aria-describedby={props.error ? 'field-model-error' : 'field-model-hint'} aria-invalid={props.error ? 'true' : undefined} />
      <datalist id="model-options">{list?.ok && list.models.map((m) => <option value={m}></option>)}</datalist>
      {props.error ? (
        <p class="field-error" id="field-model-error"><Icon name="alert" size={14} />{props.error}</p>
      ) : (
        <p class={list && !list.ok ? 'field-hint text-warn' : 'field-hint'} id="field-model-hint">{hint}</p>
      )}
    </div>
  );
}
