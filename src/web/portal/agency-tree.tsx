import { AGENCY_KINDS, type AgencyKind } from '../../agencies/index.ts';

export interface TreeItem {
  id: string;
  name: string;
  kind: AgencyKind;
  depth: number;
}

interface Node<T> {
  item: T;
  children: Node<T>[];
}

/** Nests a tree-ordered list by depth: each item's children follow it with depth + 1. */
export function nest<T extends { depth: number }>(items: readonly T[]): Node<T>[] {
  const roots: Node<T>[] = [];
  const stack: Node<T>[] = [];
  for (const item of items) {
    const node: Node<T> = { item, children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.item.depth >= item.depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}

export function AgencyTreeList<T extends TreeItem>(props: {
  items: readonly T[];
  /** What to show for one agency (a link, actions …). */
  render: (item: T) => JSX.Element;
  label: string;
}): JSX.Element {
  const renderNodes = (nodes: Node<T>[]): JSX.Element => (
    <>
      {nodes.map((node) => (
        <li>
          {props.render(node.item)}
          <span class="kind">{AGENCY_KINDS[node.item.kind].label}</span>
          {node.children.length > 0 ? <ul>{renderNodes(node.children)}</ul> : ''}
        </li>
      ))}
    </>
  );
  return (
    <ul class="agency-list" aria-label={props.label}>
      {renderNodes(nest(props.items))}
    </ul>
  );
}
