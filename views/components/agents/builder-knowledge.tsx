// The builder's Knowledge section: the organization's knowledge bases the agent searches (checkboxes) and when it
// retrieves ('tool': the model calls search_knowledge; 'always': before every turn). Saved with the version.
import { type Option, SelectField } from '../ui/form-field';

const RETRIEVAL: Option[] = [
  { value: 'tool', label: 'When the model asks (search_knowledge tool)' },
  { value: 'always', label: 'Before every reply, with the user’s message' },
];

export function KnowledgeFields(props: { bases: Option[]; selected: string[]; retrieval: string; error?: string }) {
  return (
    <>
      <fieldset class={props.error ? 'fieldset field-invalid' : 'fieldset'}>
        <legend class="sr-only">Knowledge bases</legend>
        {props.error && <p class="field-error">{props.error}</p>}
        {props.bases.length ? (
          <ul class="tool-options" role="list">
            {props.bases.map((o) => (
              <li class="tool-option">
                <label class="check">
                  <input type="checkbox" name="knowledge_base_ids" value={o.value} checked={props.selected.includes(o.value)} />
                  <span>{o.label}</span>
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">
            No knowledge bases yet: <a href="/app/knowledge">add one</a> with your documents.
          </p>
        )}
      </fieldset>
      <SelectField
        name="knowledge_retrieval"
        label="Search the knowledge"
        options={RETRIEVAL}
        value={props.retrieval}
        hint="Answers cite the passages they used; document text is treated as data, never as instructions."
      />
    </>
  );
}
