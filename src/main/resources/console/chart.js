// A stacked bar chart in SVG, one bar per minute, one colour per outcome (console.css, classes o-<outcome>).
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 180;
const PAD_LEFT = 36;
const PAD_BOTTOM = 18;

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** Draws rows ([{minute, <outcome>: n, ...}], oldest first) into container. */
export function stackedBars(container, rows, outcomes) {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'webhooks per minute' });
  const totals = rows.map((row) => outcomes.reduce((sum, o) => sum + (Number(row[o]) || 0), 0));
  const top = Math.max(1, ...totals);
  const plotHeight = HEIGHT - PAD_BOTTOM - 6;
  const slot = (WIDTH - PAD_LEFT) / Math.max(1, rows.length);
  for (const fraction of [0, 0.5, 1]) {
    const y = HEIGHT - PAD_BOTTOM - fraction * plotHeight;
    root.append(svg('line', { x1: PAD_LEFT, x2: WIDTH, y1: y, y2: y, stroke: '#e3e7ee' }));
    const label = svg('text', { x: PAD_LEFT - 4, y: y + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#5b6677' });
    label.textContent = String(Math.round(fraction * top));
    root.append(label);
  }
  rows.forEach((row, index) => {
    let y = HEIGHT - PAD_BOTTOM;
    for (const outcome of outcomes) {
      const count = Number(row[outcome]) || 0;
      if (count === 0) continue;
      const height = (count / top) * plotHeight;
      y -= height;
      const bar = svg('rect', {
        x: PAD_LEFT + index * slot + 1, y, width: Math.max(1, slot - 2), height, class: `o-${outcome}`,
      });
      const tip = svg('title', {});
      tip.textContent = `${new Date(row.minute).toLocaleTimeString()}: ${count} ${outcome}`;
      bar.append(tip);
      root.append(bar);
    }
  });
  if (rows.length > 0) {
    for (const index of [0, rows.length - 1]) {
      const label = svg('text', {
        x: PAD_LEFT + index * slot + (index === 0 ? 0 : slot), y: HEIGHT - 4, 'font-size': 10, fill: '#5b6677',
        'text-anchor': index === 0 ? 'start' : 'end',
      });
      label.textContent = new Date(rows[index].minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      root.append(label);
    }
  }
  container.replaceChildren(root);
}
