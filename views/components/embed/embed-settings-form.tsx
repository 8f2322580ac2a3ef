// The embed key form on the Embed page: name and allowed origins, and (for an existing key) the widget's greeting,
// suggested prompts and theme. Field names are flat; list fields are one entry per line. Works without JavaScript.
import type { Child } from 'hono/jsx';
import { Icon } from '../ui/icon';

export type EmbedFormValues = {
  name: string;
  allowed_origins: string;
  title: string;
  greeting: string;
  suggested_prompts: string;
  color: string;
  position: string;
  mode: string;
  avatar_url: string;
};
export type EmbedFormErrors = Partial<Record<keyof EmbedFormValues | 'form', string>>;

type RowProps = {
  prefix: string;
  name: keyof EmbedFormValues;
  label: string;
  hint?: string;
  error?: string;
  children: (a: Record<string, string | undefined>) => Child;
};

function Row(props: RowProps) {
  const id = `${props.prefix}-${props.name}`;
  const described = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label class="field-label" for={id}>
        {props.label}
      </label>
      {props.children({ id, name: props.name, 'aria-describedby': described, 'aria-invalid': props.error ? 'true' : undefined })}
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          <Icon name="alert" size={14} />
          {props.error}
        </p>
      ) : (
        props.hint && (
          <p class="field-hint" id={`${id}-hint`}>
            {props.hint}
          </p>
        )
      )}
    </div>
  );
}

const Select = (props: { a: Record<string, string | undefined>; value: string; options: [string, string][] }) => (
  <select class="input" {...props.a}>
    {props.options.map(([v, label]) => (
      <option value={v} selected={v === props.value}>
        {label}
      </option>
    ))}
  </select>
);

/** `idPrefix` keeps element ids unique when the page shows two forms (settings, and a new key). */
export function EmbedSettingsForm(props: {
  idPrefix: string;
  action: string;
  csrfToken: string;
  values: EmbedFormValues;
  errors: EmbedFormErrors;
  full: boolean;
  submitLabel: string;
}) {
  const { values: v, errors: e } = props;
  const Field = (p: Omit<RowProps, 'prefix'>) => <Row prefix={props.idPrefix} {...p} />;
  return (
    <form class="form" method="post" action={props.action} data-embed-settings={props.full ? '' : undefined}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <Field name="name" label="Key name" hint="For you, e.g. the site it is for." error={e.name}>
        {(a) => <input class="input" type="text" required maxlength={100} value={v.name} {...a} />}
      </Field>
      <Field
        name="allowed_origins"
        label="Allowed origins"
        hint="One per line: scheme and host, e.g. https://www.example.com. *.example.com allows its subdomains."
        error={e.allowed_origins}
      >
        {(a) => (
          <textarea class="input embed-textarea" rows={3} required placeholder="https://www.example.com" {...a}>
            {v.allowed_origins}
          </textarea>
        )}
      </Field>
      {props.full && (
        <>
          <Field name="title" label="Title" hint="Shown at the top of the chat; the agent's name when empty." error={e.title}>
            {(a) => <input class="input" type="text" maxlength={60} value={v.title} {...a} />}
          </Field>
          <Field name="greeting" label="Greeting" hint="The first message a visitor sees." error={e.greeting}>
            {(a) => (
              <textarea class="input embed-textarea" rows={2} maxlength={500} {...a}>
                {v.greeting}
              </textarea>
            )}
          </Field>
          <Field name="suggested_prompts" label="Suggested prompts" hint="Up to 4, one per line; shown until the visitor writes." error={e.suggested_prompts}>
            {(a) => (
              <textarea class="input embed-textarea" rows={3} {...a}>
                {v.suggested_prompts}
              </textarea>
            )}
          </Field>
          <div class="embed-grid">
            <Field name="color" label="Colour" error={e.color}>
              {(a) => <input class="input embed-color" type="color" value={v.color || '#4f46e5'} {...a} />}
            </Field>
            <Field name="mode" label="Appearance" error={e.mode}>
              {(a) => (
                <Select
                  a={a}
                  value={v.mode}
                  options={[
                    ['light', 'Light'],
                    ['dark', 'Dark'],
                    ['auto', "Follow the visitor's setting"],
                  ]}
                />
              )}
            </Field>
            <Field name="position" label="Launcher position" error={e.position}>
              {(a) => (
                <Select
                  a={a}
                  value={v.position}
                  options={[
                    ['right', 'Bottom right'],
                    ['left', 'Bottom left'],
                  ]}
                />
              )}
            </Field>
          </div>
          <Field name="avatar_url" label="Avatar image URL" hint="Optional, https." error={e.avatar_url}>
            {(a) => <input class="input" type="url" maxlength={500} placeholder="https://www.example.com/logo.png" value={v.avatar_url} {...a} />}
          </Field>
        </>
      )}
      {e.form && <p class="field-error">{e.form}</p>}
      <div class="btn-row">
        <button type="submit" class="btn btn-primary">
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
