// Routes: the routes and targets loaded (GET /admin/routes), and which targets a pasted webhook would reach
// (POST /admin/routes/try). A bridge without these calls shows "n/a".
import { get, post, problem } from './api.js';
import { el } from './show.js';

export function init() {
  document.getElementById('try-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const endpoint = encodeURIComponent(String(data.get('endpoint')));
    const result = document.getElementById('try-result');
    const answer = await post(`/admin/routes/try?endpoint=${endpoint}`, String(data.get('payload') || ''));
    if (answer.status === 404) {
      result.textContent = 'n/a: this bridge has no /admin/routes/try (use check-routes from the jar).';
    } else if (answer.status !== 200) {
      result.textContent = `Refused: ${problem(answer)}`;
    } else {
      const c = answer.data.classification || {};
      const lines = [`kind ${c.vonageKind ?? '—'}, channel ${c.vonageChannel ?? '—'}, status ${c.vonageStatus ?? '—'}, `
        + `message type ${c.vonageMessageType ?? '—'}`, 'targets:'];
      for (const t of answer.data.targets || []) lines.push(`  ${t.uri} (${t.id})`);
      result.textContent = lines.join('\n');
    }
  });
}

export async function load() {
  const answer = await get('/admin/routes');
  const note = document.getElementById('routes-message');
  const tbody = document.querySelector('#routes-table tbody');
  const targets = document.getElementById('routes-targets');
  if (answer.status !== 200) {
    note.textContent = answer.status === 404 ? 'n/a: this bridge has no /admin/routes.' : `Could not list: ${problem(answer)}`;
    tbody.replaceChildren();
    targets.replaceChildren();
    return;
  }
  note.textContent = '';
  tbody.replaceChildren(...(answer.data.routes || []).map((r) => el('tr', {},
    el('td', {}, r.id), el('td', {}, r.description), el('td', {}, r.from), el('td', {}, r.status), el('td', {}, r.source))));
  targets.replaceChildren(...(answer.data.targets || []).map((t) => el('li', {}, `${t.name} (${t.kind}, ${t.id})`)));
}
