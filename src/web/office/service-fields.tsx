// Form fields of the service catalogue pages with the problem shown beside the field (and announced),
// the field marked invalid and described by its hint and its problem. No scripts.
import type { Option } from './application-fields.tsx';

interface FieldProps {
  /** The form the field belongs to: ids stay unique on a page with many forms. */
  form: string;
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

function described(id: string, props: FieldProps): string | undefined {
  const ids = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter((s) => s !== '');
  return ids.length === 0 ? undefined : ids.join(' ');
}

function Label(props: FieldProps & { id: string }): JSX.Element {
  return (
    <>
      <label for={props.id} safe>
        {props.label}
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

export function TextInput(
  props: FieldProps & {
    value: string;
    required?: boolean;
    maxlength?: number;
    inputmode?: 'numeric' | 'text';
    type?: 'text' | 'date' | 'tel';
  },
): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <Label {...props} id={id} />
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        maxlength={props.maxlength === undefined ? undefined : String(props.maxlength)}
        inputmode={props.inputmode}
        autocomplete="off"
        aria-describedby={described(id, props)}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(
  props: FieldProps & { value: string; rows?: number; required?: boolean },
): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <Label {...props} id={id} />
      {/* A browser drops one newline right after <textarea>: the first line stays, even a blank one. */}
      <textarea
        id={id}
        name={props.name}
        rows={String(props.rows ?? 4)}
        cols="60"
        required={props.required}
        aria-describedby={described(id, props)}
        aria-invalid={props.error ? 'true' : undefined}
        safe
      >
        {`\n${props.value}`}
      </textarea>
    </div>
  );
}

export function Choice(
  props: FieldProps & { value: string; options: readonly Option[]; blank?: string },
): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <Label {...props} id={id} />
      <select
        id={id}
        name={props.name}
        aria-describedby={described(id, props)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.blank === undefined ? (
          ''
        ) : (
          <option value="" selected={props.value === ''} safe>
            {props.blank}
          </option>
        )}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The problems of a refused form at its top: each field's problem a link to that field (ids as the
 * fields above make them), in the order of `fields`, then the problems of no single field.
 */
export function ProblemSummary(props: {
  form: string;
  title: string;
  fields: readonly string[];
  errors: Readonly<Partial<Record<string, string>>>;
  general?: readonly string[];
}): JSX.Element {
  const linked = props.fields.flatMap((name) => {
    const message = props.errors[name];
    return message === undefined ? [] : [{ name, message }];
  });
  const general = props.general ?? [];
  if (linked.length === 0 && general.length === 0) return '';
  const titleId = `${props.form}-summary-title`;
  return (
    <div class="error-summary" role="alert" aria-labelledby={titleId}>
      <h2 id={titleId} safe>
        {props.title}
      </h2>
      <ul>
        {linked.map((p) => (
          <li>
            <a href={`#${props.form}-${p.name}`} safe>
              {p.message}
            </a>
          </li>
        ))}
        {general.map((message) => (
          <li safe>{message}</li>
        ))}
      </ul>
    </div>
  );
}
