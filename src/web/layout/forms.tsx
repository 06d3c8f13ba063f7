import { CSRF_FIELD } from '../csrf.ts';

export function CsrfField(props: { token: string }): JSX.Element {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

export interface TextFieldProps {
  name: string;
  label: string;
  type?: 'text' | 'password';
  value?: string;
  hint?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  inputmode?: 'numeric' | 'text';
  pattern?: string;
}

export function TextField(props: TextFieldProps): JSX.Element {
  const id = `f-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div class="field">
      <label for={id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </span>
      ) : (
        ''
      )}
      {props.error ? (
        <span class="hint" id={`${id}-error`} role="alert" safe>
          {props.error}
        </span>
      ) : (
        ''
      )}
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        maxlength={props.maxlength === undefined ? undefined : String(props.maxlength)}
        inputmode={props.inputmode}
        pattern={props.pattern}
        aria-describedby={described === '' ? undefined : described}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

export function ErrorSummary(props: { messages: readonly string[] }): JSX.Element {
  if (props.messages.length === 0) return '';
  return (
    <div class="error-summary" role="alert">
      {props.messages.map((message) => (
        <p safe>{message}</p>
      ))}
    </div>
  );
}

export function Notice(props: { message?: string }): JSX.Element {
  if (!props.message) return '';
  return (
    <div class="notice" role="status">
      <p safe>{props.message}</p>
    </div>
  );
}
