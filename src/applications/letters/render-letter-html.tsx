// A composed letter as an HTML fragment for the applicant's status page and the staff page: one
// <article> labelled by its title, the 文号, the paragraphs, numbered lists as <ol>, and the 落款.
// The page around it sets lang="zh-CN" and the styles; every piece of letter text is escaped.
import Html from '@kitajs/html';
import type { ComposedLetter, LetterBlock } from './letter.ts';

export interface LetterHtmlOptions {
  /** The id of the heading, unique on the page (default "letter-title"). */
  id?: string;
  /** The heading level fitting the page around the fragment (default 2). */
  headingLevel?: 1 | 2 | 3;
}

export function renderLetterHtml(letter: ComposedLetter, options: LetterHtmlOptions = {}): string {
  const id = Html.escapeHtml(options.id ?? 'letter-title');
  const level = options.headingLevel ?? 2;
  const heading =
    level === 1 ? (
      <h1 id={id} class="letter-title" safe>
        {letter.title}
      </h1>
    ) : level === 3 ? (
      <h3 id={id} class="letter-title" safe>
        {letter.title}
      </h3>
    ) : (
      <h2 id={id} class="letter-title" safe>
        {letter.title}
      </h2>
    );
  return (
    <article class={`letter letter-${Html.escapeHtml(letter.kind)}`} aria-labelledby={id}>
      <header>
        {heading}
        <p class="letter-number" safe>
          {letter.documentNumber}
        </p>
      </header>
      {letter.salutation ? (
        <p class="letter-salutation" safe>
          {letter.salutation}
        </p>
      ) : (
        ''
      )}
      {letter.blocks.map((block) => (
        <Block block={block} />
      ))}
      <footer class="letter-closing">
        <p safe>{letter.closing.agencyName}</p>
        <p>
          <time datetime={Html.escapeHtml(letter.closing.isoDate)} safe>
            {letter.closing.date}
          </time>
        </p>
      </footer>
    </article>
  ) as string;
}

function Block({ block }: { block: LetterBlock }): string {
  if (block.type === 'paragraph') return (<p safe>{block.text}</p>) as string;
  return (
    <>
      {block.lead ? <p safe>{block.lead}</p> : ''}
      <ol class="letter-items">
        {block.items.map((item) => (
          <li safe>{item}</li>
        ))}
      </ol>
    </>
  ) as string;
}
