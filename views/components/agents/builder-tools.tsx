// The builder's tool picker: built-in tools, code tools (container runtime only: dimmed with a note on the edge
// runtime, and refused on save), the organization's tools, whole MCP servers and workflows, each with its details.
import { Icon } from '../ui/icon';

export type ToolOption = {
  id: string;
  name: string;
  description: string;
  group: 'builtin' | 'code' | 'own' | 'mcp' | 'workflow';
  parameters?: Record<string, unknown>;
  href?: string;
  detail?: string;
};

const GROUPS: { id: ToolOption['group']; title: string; note?: string }[] = [
  { id: 'builtin', title: 'Built-in' },
  { id: 'code', title: 'Code', note: 'Needs the container runtime' },
  { id: 'own', title: 'Your tools' },
  { id: 'mcp', title: 'MCP servers', note: 'Every tool the server offers' },
  { id: 'workflow', title: 'Workflows', note: 'Runs it with its inputs and answers its output' },
];

function Params(props: { schema?: Record<string, unknown> }) {
  const props_ = (props.schema?.properties ?? {}) as Record<string, { type?: string; description?: string }>;
  const required = new Set((props.schema?.required as string[] | undefined) ?? []);
  const entries = Object.entries(props_);
  if (!entries.length) return <p class="muted">No arguments.</p>;
  return (
    <ul class="param-list">
      {entries.map(([name, p]) => (
        <li>
          <code>{name}</code>{' '}
          <span class="muted">
            {p.type ?? 'any'}
            {required.has(name) ? ', required' : ''}
            {p.description ? ` — ${p.description}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ToolPicker(props: { options: ToolOption[]; selected: string[]; error?: string }) {
  const chosen = new Set(props.selected);
  return (
    <fieldset class={props.error ? 'fieldset field-invalid' : 'fieldset'} aria-describedby={props.error ? 'tools-error' : undefined}>
      <legend class="sr-only">Tools</legend>
      {props.error && (
        <p class="field-error" id="tools-error">
          <Icon name="alert" size={14} />
          {props.error}
        </p>
      )}
      {GROUPS.map((g) => {
        const items = props.options.filter((o) => o.group === g.id);
        if (!items.length) return null;
        return (
          <div class={`tool-group tool-group-${g.id}`}>
            <p class="tool-group-title">
              {g.title}
              {g.note && <span class="field-note"> · {g.note}</span>}
            </p>
            <ul class="tool-options" role="list">
              {items.map((o) => (
                <li class="tool-option" data-group={o.group}>
                  <label class="check">
                    <input type="checkbox" name="tool_ids" value={o.id} checked={chosen.has(o.id)} />
                    <span>
                      <code class="tool-option-name">{o.name}</code>
                      <span class="tool-option-text">{o.description}</span>
                    </span>
                  </label>
                  <details class="tool-details">
                    <summary>
                      Details<span class="sr-only"> of {o.name}</span>
                    </summary>
                    {o.detail && <p class="muted">{o.detail}</p>}
                    {o.group !== 'mcp' && <Params schema={o.parameters} />}
                    {o.href && <a href={o.href}>Configure {o.name} →</a>}
                  </details>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <p class="code-note field-hint">Switch the runtime to Container to use code tools.</p>
    </fieldset>
  );
}
