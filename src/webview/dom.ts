// Tiny DOM helpers for the form. Text always goes in as text nodes, never parsed as HTML, so a
// pasted value can't become markup inside the webview.
import type { RequestProblem } from '../core/diagnostics';

type Attrs = Record<string, string>;

/** Properties rather than attributes, because the live value must change, not only the default. */
const PROPERTIES = new Set(['className', 'htmlFor', 'value']);

export function el(tag: string, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    // Handlers are wired with addEventListener; an on* attribute would also break the CSP.
    if (/^on/i.test(name)) throw new Error(`el(): inline handler ${name} is not allowed`);
    if (PROPERTIES.has(name)) (node as unknown as Record<string, string>)[name] = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

const SEVERITY_LABEL: Record<RequestProblem['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Note' };

/** Shows a field's problems under it; the field's aria-describedby points at this node. */
export function setMessages(node: HTMLElement, problems: readonly RequestProblem[]): void {
  node.replaceChildren(
    ...problems.map((p) => {
      const line = el('p', { className: `msg ${p.severity}`, 'data-code': p.code });
      line.append(el('span', { className: 'sev' }, `${SEVERITY_LABEL[p.severity]}: `), p.message);
      return line;
    }),
  );
}

export function focusById(id: string): void {
  const node = document.getElementById(id);
  if (node instanceof HTMLElement) node.focus();
}
