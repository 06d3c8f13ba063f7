// The form fields of the application pages (label, hint, input, text area, select) and a form that
// came back with problems. No scripts: every choice is a plain form.

import { ErrorSummary } from '../layout/forms.tsx';
import { type FormFields, fieldValue, fieldValues } from './application-forms.ts';

export interface Option {
  value: string;
  label: string;
}

export interface FieldProps {
  /** The form the field belongs to: ids stay unique on a page with many forms. */
  form: string;
  name: string;
  label: string;
  hint?: string;
}

export function Label(props: FieldProps): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <>
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
    </>
  );
}

export function Input(
  props: FieldProps & {
    value: string;
    type?: 'text' | 'date' | 'email' | 'tel';
    required?: boolean;
    maxlength?: number;
    inputmode?: 'numeric' | 'text';
    autocomplete?: string;
  },
): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <Label {...props} />
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        maxlength={props.maxlength === undefined ? undefined : String(props.maxlength)}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete ?? 'off'}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
    </div>
  );
}

export function Area(props: FieldProps & { value: string; rows?: number; required?: boolean }): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <Label {...props} />
      {/* A browser drops one newline right after <textarea>: the first line stays, even a blank one. */}
      <textarea
        id={id}
        name={props.name}
        rows={String(props.rows ?? 4)}
        cols="60"
        required={props.required}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        safe
      >
        {`\n${props.value}`}
      </textarea>
    </div>
  );
}

export function Select(
  props: FieldProps & {
    value: string;
    options?: readonly Option[];
    groups?: readonly { label: string; options: readonly Option[] }[];
    blank?: string;
  },
): JSX.Element {
  const id = `${props.form}-${props.name}`;
  const option = (o: Option) => (
    <option value={o.value} selected={o.value === props.value} safe>
      {o.label}
    </option>
  );
  return (
    <div class="field">
      <Label {...props} />
      <select id={id} name={props.name} aria-describedby={props.hint ? `${id}-hint` : undefined}>
        {props.blank === undefined ? (
          ''
        ) : (
          <option value="" selected={props.value === ''} safe>
            {props.blank}
          </option>
        )}
        {(props.options ?? []).map(option)}
        {(props.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(option)}</optgroup>
        ))}
      </select>
    </div>
  );
}

export const options = (labels: Readonly<Record<string, string>>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The values a form shows: what was typed when it came back with problems, else the defaults. */
export function valuesOf(failed: FailedForm | undefined, form: string) {
  const typed: FormFields | undefined = failed?.form === form ? failed.values : undefined;
  return {
    get: (name: string, fallback = '') => (typed ? fieldValue(typed, name) : fallback),
    all: (name: string, fallback: readonly string[] = []) =>
      typed ? fieldValues(typed, name) : [...fallback],
  };
}

/** A form that came back with problems: shown again with what was typed and the reasons beside it. */
export interface FailedForm {
  form: string;
  label: string;
  values: FormFields;
  messages: readonly string[];
}

export function FormErrors(props: { failed: FailedForm | undefined; form: string }): JSX.Element {
  return props.failed?.form === props.form ? <ErrorSummary messages={props.failed.messages} /> : '';
}
