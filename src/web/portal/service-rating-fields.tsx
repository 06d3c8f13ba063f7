// The form fields of the portal's 办事评价 and 效能投诉 forms: a label, a hint, the error beside the
// field (and linked from the summary at the top), as the application form prints them.
import type { DomainError } from '../../kernel/errors.ts';
import { ErrorSummary } from './error-summary.tsx';

export interface PortalFieldError {
  /** The field's name, or null for a problem of the whole form. */
  field: string | null;
  message: string;
}

/** The problems of a refused form (a DomainError of the use case), each on its field. */
export function fieldErrorsOf(error: DomainError): PortalFieldError[] {
  const problems = Array.isArray(error.details.problems) ? (error.details.problems as string[]) : null;
  const fields = Array.isArray(error.details.fields) ? (error.details.fields as string[]) : null;
  if (problems && fields && problems.length === fields.length)
    return problems.map((message, i) => ({ field: fields[i]!, message }));
  const message = String(error.details.userMessage ?? error.message);
  const field = typeof error.details.field === 'string' ? error.details.field : null;
  return [{ field, message }];
}

const fieldId = (name: string) => `f-${name}`;

function errorOf(errors: readonly PortalFieldError[], name: string): string | undefined {
  const messages = errors.filter((e) => e.field === name).map((e) => e.message);
  return messages.length === 0 ? undefined : messages.join('；');
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter((s) => s !== '');
  return ids.length === 0 ? undefined : ids.join(' ');
}

/** The problems at the top of a form, each linking to its field. */
export function FormErrors(props: { errors: readonly PortalFieldError[]; title?: string }): JSX.Element {
  return ErrorSummary({ ...props, fieldId: fieldId });
}

function LabelHintError(props: {
  id: string;
  label: string;
  required: boolean | undefined;
  hint: string | undefined;
  error: string | undefined;
}): JSX.Element {
  return (
    <>
      <label for={props.id}>
        <span safe>{props.label}</span>
        {props.required ? <span class="required">（必填）</span> : <span class="optional">（选填）</span>}
      </label>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`} safe>
          {props.hint}
        </span>
      ) : (
        ''
      )}
      {props.error ? (
        <span class="field-error" id={`${props.id}-error`} safe>
          {props.error}
        </span>
      ) : (
        ''
      )}
    </>
  );
}

export function TextInput(props: {
  name: string;
  label: string;
  value: string;
  errors: readonly PortalFieldError[];
  hint?: string;
  required?: boolean;
  maxlength: number;
  autocomplete: string;
  type?: 'text' | 'tel';
  inputmode?: 'text' | 'tel';
  autocapitalize?: 'characters';
}): JSX.Element {
  const id = fieldId(props.name);
  const error = errorOf(props.errors, props.name);
  return (
    <div class="field">
      <LabelHintError id={id} label={props.label} required={props.required} hint={props.hint} error={error} />
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.value}
        autocomplete={props.autocomplete}
        autocapitalize={props.autocapitalize}
        inputmode={props.inputmode}
        maxlength={String(props.maxlength)}
        required={props.required}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value: string;
  errors: readonly PortalFieldError[];
  hint?: string;
  required?: boolean;
  rows: number;
}): JSX.Element {
  const id = fieldId(props.name);
  const error = errorOf(props.errors, props.name);
  return (
    <div class="field">
      <LabelHintError id={id} label={props.label} required={props.required} hint={props.hint} error={error} />
      {/* A browser drops one newline right after <textarea>: the first line stays, even a blank one. */}
      <textarea
        id={id}
        name={props.name}
        rows={String(props.rows)}
        required={props.required}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        safe
      >
        {`\n${props.value}`}
      </textarea>
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  blank: string;
  options: readonly { value: string; label: string }[];
  errors: readonly PortalFieldError[];
  hint?: string;
}): JSX.Element {
  const id = fieldId(props.name);
  const error = errorOf(props.errors, props.name);
  return (
    <div class="field">
      <LabelHintError id={id} label={props.label} required={false} hint={props.hint} error={error} />
      <select
        id={id}
        name={props.name}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        <option value="" selected={props.value === ''} safe>
          {props.blank}
        </option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
