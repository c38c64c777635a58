// Building the page from API data: every value goes in as text (textContent), never as markup.

/** An element with text children, or child elements. */
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.title) node.title = options.title;
  for (const [name, value] of Object.entries(options.data || {})) node.dataset[name] = value;
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
  }
  return node;
}

export function text(id, value) {
  document.getElementById(id).textContent = value == null ? 'n/a' : String(value);
}

export function clear(node) {
  node.replaceChildren();
}

/** "n/a" for a value the API does not give (an older bridge), "—" for one it gives as null. */
export function orNa(value, format = (v) => v) {
  if (value === undefined) return 'n/a';
  if (value === null) return '—';
  return format(value);
}

export function time(value) {
  if (value === undefined) return 'n/a';
  if (value === null || value === '') return '—';
  const date = new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

export function seconds(value) {
  if (value === undefined) return 'n/a';
  if (value === null) return '—';
  if (value < 120) return `${value} s`;
  if (value < 7200) return `${Math.round(value / 60)} min`;
  return `${(value / 3600).toFixed(1)} h`;
}
