// The one labelled form field: inputs, textareas, selects, checkboxes and a generic wrapper (Control), each with a
// hint and an inline error wired up for screen readers (the error replaces the hint: one message is easier to take in).
import type { Child } from 'hono/jsx';
import { Icon } from './icon';

type Aria = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' };

/** A label, one control (rendered by `children` with the ids and aria attributes it needs), a hint or an error. */
export function Control(props: { id: string; label: Child; note?: string; hint?: Child; error?: string; class?: string; children: (a: Aria) => Child }) {
  const described = props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class={['field', props.error ? 'field-invalid' : '', props.class ?? ''].filter(Boolean).join(' ')}>
      <label class="field-label" for={props.id}>
        {props.label}
        {props.note && <span class="field-note">{props.note}</span>}
      </label>
      {props.children({ id: props.id, 'aria-describedby': described, 'aria-invalid': props.error ? 'true' : undefined })}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          <Icon name="alert" size={14} />
          {props.error}
        </p>
      ) : (
        props.hint && (
          <p class="field-hint" id={`${props.id}-hint`}>
            {props.hint}
          </p>
        )
      )}
    </div>
  );
}

type Common = { name: string; label: Child; value?: string; error?: string; hint?: Child; note?: string; id?: string; required?: boolean; class?: string };

export function TextAreaField(props: Common & { rows?: number; placeholder?: string; maxlength?: number; mono?: boolean; attrs?: Record<string, string> }) {
  return (
    <Control id={props.id ?? `field-${props.name}`} label={props.label} note={props.note} hint={props.hint} error={props.error} class={props.class}>
      {(a) => (
        <textarea
          class={props.mono ? 'input textarea mono' : 'input textarea'}
          name={props.name}
          rows={props.rows ?? 4}
          placeholder={props.placeholder}
          maxlength={props.maxlength}
          required={props.required}
          {...props.attrs}
          {...a}
        >
          {props.value ?? ''}
        </textarea>
      )}
    </Control>
  );
}

export type Option = { value: string; label: string; disabled?: boolean };

export function SelectField(props: Common & { options: Option[]; attrs?: Record<string, string> }) {
  return (
    <Control id={props.id ?? `field-${props.name}`} label={props.label} note={props.note} hint={props.hint} error={props.error} class={props.class}>
      {(a) => (
        <select class="input" name={props.name} required={props.required} {...props.attrs} {...a}>
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === props.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Control>
  );
}

export function InputField(
  props: Common & {
    type?: string;
    placeholder?: string;
    min?: string;
    max?: string;
    step?: string;
    autocomplete?: string;
    list?: string;
    minLength?: number;
    autofocus?: boolean;
    attrs?: Record<string, string>;
  },
) {
  return (
    <Control id={props.id ?? `field-${props.name}`} label={props.label} note={props.note} hint={props.hint} error={props.error} class={props.class}>
      {(a) => (
        <input
          class="input"
          type={props.type ?? 'text'}
          name={props.name}
          value={props.type === 'password' ? undefined : props.value}
          placeholder={props.placeholder}
          min={props.min}
          max={props.max}
          step={props.step}
          list={props.list}
          minlength={props.minLength}
          autofocus={props.autofocus}
          autocomplete={props.autocomplete ?? (props.type === 'password' ? 'new-password' : 'off')}
          required={props.required}
          {...props.attrs}
          {...a}
        />
      )}
    </Control>
  );
}

/** The hidden CSRF field every page form carries (the auth middleware checks it). */
export const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;
