// Dead letters: filter, list page by page, open one (masked until "reveal"), replay or purge everything the filter
// matches after a confirmation with the count, and follow a replay's job.
import { get, post, problem } from './api.js';
import { el, time } from './show.js';
import { prettyAndMasked } from './mask.js';

const PAGE_SIZE = 50;
const POLL_MS = 500;
const form = () => document.getElementById('dl-filter');
const tbody = () => document.querySelector('#dl-table tbody');
const message = (value) => { document.getElementById('dl-message').textContent = value; };
const progress = (value) => { document.getElementById('dl-progress').textContent = value; };
let next = null;
let shown = { masked: '', plain: '' };

export function init() {
  form().addEventListener('submit', (event) => { event.preventDefault(); list(); });
  document.getElementById('dl-more').addEventListener('click', () => list(next));
  document.getElementById('dl-replay').addEventListener('click', replay);
  document.getElementById('dl-purge').addEventListener('click', purge);
  const reveal = document.getElementById('dl-reveal');
  reveal.addEventListener('click', () => {
    const revealing = reveal.dataset.revealed !== 'true';
    reveal.dataset.revealed = String(revealing);
    reveal.textContent = revealing ? 'Mask phone numbers' : 'Reveal phone numbers';
    document.getElementById('dl-body').textContent = revealing ? shown.plain : shown.masked;
  });
}

export async function load() {
  await targetChoices();
  await list();
}

/** The filter as query parameters; empty fields are left out (the API refuses empty values). */
function filter() {
  const data = new FormData(form());
  const query = new URLSearchParams();
  for (const name of ['target', 'reason', 'kind']) {
    const value = String(data.get(name) || '').trim();
    if (value) query.set(name, value);
  }
  for (const name of ['since', 'until']) {
    const value = String(data.get(name) || '');
    if (value) query.set(name, new Date(value).toISOString());
  }
  return query;
}

function describe(query) {
  const parts = [...query.entries()].map(([name, value]) => `${name} ${value}`);
  return parts.length ? parts.join(', ') : 'no filter: every dead letter';
}

async function targetChoices() {
  const answer = await get('/admin/targets');
  if (answer.status !== 200 || !Array.isArray(answer.data)) return;
  const select = form().elements.target;
  const chosen = select.value;
  select.replaceChildren(el('option', {}, 'any'), ...answer.data.map((t) => {
    const option = el('option', {}, t.name);
    option.value = t.id;
    return option;
  }));
  select.options[0].value = '';
  select.value = chosen;
}

async function list(cursor) {
  const query = filter();
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  const answer = await get(`/admin/dead-letters?${query}`);
  if (answer.status !== 200) {
    message(`Could not list: ${problem(answer)}`);
    return;
  }
  message('');
  const rows = answer.data.entries.map(row);
  if (cursor) tbody().append(...rows); else tbody().replaceChildren(...rows);
  next = answer.data.next;
  document.getElementById('dl-more').hidden = !next;
}

function row(entry) {
  const tr = el('tr', { className: 'clickable', data: { id: entry.id } },
    el('td', {}, time(entry.deadLetteredAt)),
    el('td', {}, entry.target ?? '—'),
    el('td', {}, entry.kind ?? ''),
    el('td', {}, entry.channel ?? ''),
    el('td', {}, entry.status ?? ''),
    el('td', {}, entry.reason ?? ''),
    el('td', {}, entry.messageUuid ?? ''));
  tr.addEventListener('click', () => open(entry.id));
  return tr;
}

async function open(id) {
  const answer = await get(`/admin/dead-letters/${encodeURIComponent(id)}`);
  if (answer.status !== 200) {
    message(`Could not open ${id}: ${problem(answer)}`);
    return;
  }
  shown = prettyAndMasked(answer.data.body);
  document.getElementById('dl-detail-id').textContent = id;
  document.getElementById('dl-body').textContent = shown.masked;
  const reveal = document.getElementById('dl-reveal');
  reveal.dataset.revealed = 'false';
  reveal.textContent = 'Reveal phone numbers';
  document.getElementById('dl-detail').hidden = false;
}

async function count(query) {
  const answer = await get(`/admin/dead-letters/count?${query}`);
  if (answer.status !== 200) {
    message(`Could not count: ${problem(answer)}`);
    return null;
  }
  return answer.data.total;
}

async function replay() {
  const query = filter();
  const total = await count(query);
  if (total === null) return;
  if (!window.confirm(`Replay ${total} dead letters (${describe(query)}) to their targets?`)) return;
  const answer = await post(`/admin/dead-letters/replay?${query}`);
  if (answer.status !== 202) {
    message(`Replay refused: ${problem(answer)}`);
    return;
  }
  await follow(answer.data.id);
  await list();
}

/** Polls the job until it is done or failed, showing its progress. */
async function follow(jobId) {
  for (;;) {
    const answer = await get(`/admin/jobs/${encodeURIComponent(jobId)}`);
    if (answer.status === 200) {
      const job = answer.data;
      progress(`Replay ${job.state}: ${job.replayed} of ${job.matched} replayed`
        + (job.notReplayable ? `, ${job.notReplayable} not replayable` : '') + (job.error ? ` (${job.error})` : ''));
      document.getElementById('dl-progress').dataset.state = job.state;
      if (job.state === 'done' || job.state === 'failed') return;
    } else if (answer.status !== 429) {
      progress(`Replay: could not follow job ${jobId}: ${problem(answer)}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function purge() {
  const query = filter();
  const total = await count(query);
  if (total === null) return;
  const all = [...query.keys()].length === 0;
  if (!window.confirm(`Delete ${total} dead letters (${describe(query)}) for good?`)) return;
  if (all) query.set('all', 'true');
  const answer = await post(`/admin/dead-letters/purge?${query}`);
  if (answer.status !== 200) {
    message(`Purge refused: ${problem(answer)}`);
    return;
  }
  progress(`Purged ${answer.data.purged}.`);
  await list();
}
