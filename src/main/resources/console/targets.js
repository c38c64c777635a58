// Targets: one row per target, with pause and resume (GET /admin/targets, POST /admin/targets/<id>/pause|resume).
import { get, post, problem } from './api.js';
import { el, orNa, seconds, time } from './show.js';

const body = () => document.querySelector('#targets-table tbody');
const message = (value) => { document.getElementById('targets-message').textContent = value; };

export async function load() {
  const answer = await get('/admin/targets');
  if (answer.status !== 200 || !Array.isArray(answer.data)) {
    message(`Could not list the targets: ${problem(answer)}`);
    return;
  }
  message('');
  body().replaceChildren(...answer.data.map(row));
}

export const refresh = load;

function state(t) {
  if (t.paused) return 'paused';
  if (t.failingSince !== undefined) return t.failingSince ? 'failing' : 'ok';
  // A bridge without failingSince: a last error since start is all there is to go by.
  return t.lastError ? 'failing' : 'ok';
}

function row(t) {
  const current = state(t);
  const action = el('button', { data: { action: t.paused ? 'resume' : 'pause' } }, t.paused ? 'Resume' : 'Pause');
  action.addEventListener('click', async () => {
    action.disabled = true;
    const answer = await post(`/admin/targets/${encodeURIComponent(t.id)}/${t.paused ? 'resume' : 'pause'}`);
    if (answer.status !== 200) message(`Could not ${t.paused ? 'resume' : 'pause'} ${t.name}: ${problem(answer)}`);
    await load();
  });
  return el('tr', { data: { targetId: t.id, state: current } },
    el('td', { title: t.queue }, t.name),
    el('td', {}, t.kind),
    el('td', { className: `state-${current}` }, current),
    el('td', { data: { field: 'waiting' } }, t.waiting),
    el('td', {}, seconds(t.oldestWaitingSeconds)),
    el('td', {}, orNa(t.deliveredPerMinute)),
    el('td', {}, t.failingSince === undefined ? 'n/a' : time(t.failingSince)),
    el('td', { data: { field: 'lastError' }, title: t.lastErrorAt ? time(t.lastErrorAt) : '' }, orNa(t.lastError)),
    el('td', { data: { field: 'delivered' } }, t.delivered),
    el('td', {}, t.failedAttempts),
    el('td', { data: { field: 'deadLettered' } }, t.deadLettered),
    el('td', {}, action));
}
