// Small helpers that build DOM nodes. Text always goes in as text nodes, never as HTML,
// so data from the API cannot inject markup. No helper sets a `style` attribute, because
// the console's content security policy forbids it. Sizes go through CSS custom properties.

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function applyProps(element, props) {
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'vars') {
      for (const [variable, setting] of Object.entries(value)) element.style.setProperty(variable, setting);
    } else if (name === 'style') {
      throw new Error('Set sizes with `vars` (CSS custom properties); style attributes break the CSP.');
    } else if (name === 'text') {
      element.textContent = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
}

/** Create an HTML element: h('a', {href: '/x', class: 'link'}, 'text', otherNode). */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

/** Replace every child of `parent` with `children`. */
export function mount(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
  return parent;
}

let uniqueCounter = 0;

/** Return an id that no other element of the page uses, for label/input pairs. */
export function uniqueId(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}
