// The problems at the top of a portal form, each linking to its field (the application form, 办事评价,
// 效能投诉): one summary, whatever the form's fields are called.

export function ErrorSummary<F extends string>(props: {
  errors: readonly { field: F | null; message: string }[];
  /** The id of the input a field's problem links to. */
  fieldId: (field: F) => string;
  title?: string;
}): JSX.Element {
  if (props.errors.length === 0) return '';
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" safe>
        {props.title ?? '提交的内容有以下问题，请修改后重新提交：'}
      </h2>
      <ul>
        {props.errors.map((error) =>
          error.field === null ? (
            <li safe>{error.message}</li>
          ) : (
            <li>
              <a href={`#${props.fieldId(error.field)}`} safe>
                {error.message}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
