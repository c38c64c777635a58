// Find an event: which queues hold it now, and whether it is dead-lettered (GET /admin/where/<id>).
import { get, problem } from './api.js';
import { el } from './show.js';

export function init() {
  document.getElementById('find-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = String(new FormData(event.target).get('id') || '').trim();
    if (id) await find(id);
  });
}

export function load() {
  document.querySelector('#find-form input').focus();
}

async function find(id) {
  const result = document.getElementById('find-result');
  const table = document.getElementById('find-table');
  const answer = await get(`/admin/where/${encodeURIComponent(id)}`);
  if (answer.status !== 200) {
    result.textContent = `Could not look it up: ${problem(answer)}`;
    table.hidden = true;
    return;
  }
  const queues = answer.data.queues || [];
  result.textContent = `${id}: ${answer.data.deadLettered ? 'dead-lettered' : 'not dead-lettered'}; `
    + (queues.length ? `on ${queues.length} queue(s)` : 'on no queue (delivered, or never received)');
  table.querySelector('tbody').replaceChildren(...queues.map((q) =>
    el('tr', {}, el('td', {}, q.queue), el('td', {}, q.for), el('td', {}, q.events))));
  table.hidden = queues.length === 0;
}
