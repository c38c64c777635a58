// Overview: webhooks per minute by outcome, ack p99, the last invalid signature, bus, disk (GET /admin/overview).
// A bridge without /admin/overview shows "n/a" there, and the dead-letter and target counts from the calls it has.
import { get } from './api.js';
import { el, text, time } from './show.js';
import { stackedBars } from './chart.js';

const OUTCOMES = ['accepted', 'duplicate', 'invalid_signature', 'unsigned', 'invalid_payload', 'too_large',
  'overloaded', 'not_stored'];

export function init() {
  const legend = document.getElementById('overview-legend');
  legend.replaceChildren(...OUTCOMES.map((o) => el('li', {}, el('span', { className: `swatch o-${o}` }), o)));
}

export async function load() {
  const answer = await get('/admin/overview');
  if (answer.status === 200 && answer.data) {
    show(answer.data);
  } else {
    await fallback(answer.status);
  }
}

export const refresh = load;

function show(o) {
  text('overview-note', '');
  const rows = Array.isArray(o.webhooksPerMinute) ? o.webhooksPerMinute : [];
  stackedBars(document.getElementById('overview-chart'), rows, OUTCOMES);
  const total = (outcome) => rows.reduce((sum, row) => sum + (Number(row[outcome]) || 0), 0);
  document.getElementById('overview-chart').dataset.accepted = String(total('accepted'));
  document.getElementById('overview-legend').replaceChildren(...OUTCOMES.map((outcome) =>
    el('li', { data: { outcome } }, el('span', { className: `swatch o-${outcome}` }), `${outcome} ${total(outcome)}`)));
  text('overview-ack', o.ackLatencyP99Ms == null ? '—' : `${Number(o.ackLatencyP99Ms).toFixed(1)} ms`);
  const invalid = o.lastInvalidSignature;
  text('overview-invalid', invalid ? `${time(invalid.at)} on ${invalid.endpoint}: ${invalid.reason}` : 'none');
  const bus = o.bus || {};
  text('overview-bus', !bus.configured ? 'not configured (embedded broker only)'
    : `${bus.connected == null ? 'unknown' : (bus.connected ? 'connected' : 'DISCONNECTED')}, backlog ${bus.backlog ?? 'n/a'}`);
  const disk = o.disk;
  text('overview-disk', disk ? `${Number(disk.usedPercent).toFixed(1)} % used (limit ${disk.limitPercent} %)` : 'n/a');
  text('overview-dead-letters', o.deadLetters);
  text('overview-targets', `${o.targets} (${o.pausedTargets} paused)`);
}

async function fallback(status) {
  text('overview-note', `This bridge has no /admin/overview (${status}): traffic, latency, bus and disk are n/a here; `
    + 'see the Targets page.');
  document.getElementById('overview-chart').replaceChildren(el('p', { className: 'note' }, 'n/a'));
  for (const id of ['overview-ack', 'overview-invalid', 'overview-bus', 'overview-disk']) text(id, 'n/a');
  const [count, targets] = await Promise.all([get('/admin/dead-letters/count'), get('/admin/targets')]);
  text('overview-dead-letters', count.status === 200 ? count.data.total : 'n/a');
  if (targets.status === 200 && Array.isArray(targets.data)) {
    const paused = targets.data.filter((t) => t.paused).length;
    text('overview-targets', `${targets.data.length} (${paused} paused)`);
  } else {
    text('overview-targets', 'n/a');
  }
}
