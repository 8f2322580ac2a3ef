// The model field of the builder and the new-agent form: free text with the connection's models as suggestions
// (GET {base_url}/models through the guarded outbound fetch, loaded after the page and again when the connection
// changes), or why there are none. Only the suggestions are reloaded, so what the user typed stays.
import type { ModelList } from '../../../worker/services/connection-check';
import { Icon } from '../ui/icon';

/** The datalist and the hint under the model input; `modelsUrl` answers this part again for another connection. */
export function ModelSuggestions(props: { modelsUrl: string; connectionId: string; list: ModelList | null; lazy?: boolean; hidden?: boolean }) {
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
      class="model-suggestions"
      id="model-suggestions"
      hx-get={props.modelsUrl}
      hx-trigger={props.lazy && props.connectionId ? 'load, change from:#field-connection_id' : 'change from:#field-connection_id'}
      hx-include="#field-connection_id"
      hx-swap="outerHTML"
    >
      <datalist id="model-options">{list?.ok && list.models.map((m) => <option value={m}></option>)}</datalist>
      {!props.hidden && (
        <p class={list && !list.ok ? 'field-hint text-warn' : 'field-hint'} id="field-model-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** `modelsUrl` answers the suggestions for the chosen connection (the builder's or the new-agent form's route). */
export function ModelField(props: { modelsUrl: string; model: string; connectionId: string; list: ModelList | null; error?: string; lazy?: boolean }) {
  return (
    <div class={props.error ? 'field field-invalid field-grow' : 'field field-grow'} id="model-field">
      <label class="field-label" for="field-model">
        Model
      </label>
      <input
        class="input mono"
        id="field-model"
        name="model"
        value={props.model}
        list="model-options"
        required
        maxlength={200}
        autocomplete="off"
        aria-describedby={props.error ? 'field-model-error' : 'field-model-hint'}
        aria-invalid={props.error ? 'true' : undefined}
      />
      {props.error && (
        <p class="field-error" id="field-model-error">
          <Icon name="alert" size={14} />
          {props.error}
        </p>
      )}
      <ModelSuggestions modelsUrl={props.modelsUrl} connectionId={props.connectionId} list={props.list} lazy={props.lazy} hidden={!!props.error} />
    </div>
  );
}

/**
 * The connection choices for a model: "Platform default" only when the operator configured one; without it, an empty
 * choice is kept only to show that the agent has none yet.
 */
export function connectionOptions(connections: { value: string; label: string }[], platformDefault: boolean, current: string) {
  if (platformDefault) return [{ value: '', label: 'Platform default' }, ...connections];
  return current === '' || !connections.length
    ? [{ value: '', label: connections.length ? 'None: choose a connection' : 'None yet: add a connection' }, ...connections]
    : connections;
}
