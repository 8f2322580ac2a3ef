// A labelled form input with an optional hint and an inline error wired up for screen readers.
import { Icon } from './icon';

export type FieldProps = {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'search';
  value?: string;
  error?: string;
  hint?: string;
  /** Shown after the label, e.g. "Optional". */
  note?: string;
  autocomplete?: string;
  required?: boolean;
  minLength?: number;
  autofocus?: boolean;
  placeholder?: string;
};

export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  // The error replaces the hint: it says what to fix, and one message is easier to take in than two.
  const hintId = props.hint && !props.error ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label class="field-label" for={id}>
        {props.label}
        {props.note && <span class="field-note">{props.note}</span>}
      </label>
      <input
        class="input"
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        minlength={props.minLength}
        autofocus={props.autofocus}
        placeholder={props.placeholder}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {props.error && (
        <p class="field-error" id={errorId}>
          <Icon name="alert" size={14} />
          {props.error}
        </p>
      )}
      {hintId && (
        <p class="field-hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
