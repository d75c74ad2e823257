// Building the page's elements: text is always set as text, never parsed as HTML.

export const byId = (id) => document.getElementById(id)

/** An element with text or child nodes; text is always set as text, never parsed as HTML. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs ?? {}))
    if (value !== undefined) node.setAttribute(name, value)
  for (const child of children)
    node.append(child instanceof Node ? child : String(child))
  return node
}

/** A scope's name, linked to its workflow in the Temporal Web UI when the server knows it. */
export const linked = (text, href) =>
  href
    ? el('a', { href, target: '_blank', rel: 'noopener', title: text }, text)
    : el('span', { title: text }, text)

export const cell = (content, number) =>
  el('td', number ? { class: 'number' } : {}, content)

export function fillRows(tbody, rows) {
  tbody.replaceChildren(...rows)
}
