// The console once signed in: tabs, one module per page, and a refresh of the live pages every few seconds.
import { setCsrf, call } from './api.js';
import * as overview from './overview.js';
import * as targets from './targets.js';
import * as deadLetters from './dead-letters.js';
import * as find from './find.js';
import * as routes from './routes.js';

const PAGES = { overview, targets, 'dead-letters': deadLetters, find, routes };
const REFRESH_MS = 5000;
let current = null;
let timer = null;

function show(name) {
  const page = PAGES[name] ? name : 'overview';
  current = page;
  for (const section of document.querySelectorAll('.page')) section.hidden = section.id !== `page-${page}`;
  for (const tab of document.querySelectorAll('#tabs button')) {
    if (tab.dataset.page === page) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
  if (window.location.hash !== `#${page}`) history.replaceState(null, '', `#${page}`);
  PAGES[page].load();
  clearInterval(timer);
  if (PAGES[page].refresh) timer = setInterval(() => PAGES[current].refresh(), REFRESH_MS);
}

export function open(csrf) {
  setCsrf(csrf);
  for (const module of Object.values(PAGES)) if (module.init) module.init();
  document.getElementById('tabs').hidden = false;
  const signOut = document.getElementById('sign-out');
  signOut.hidden = false;
  signOut.addEventListener('click', async () => {
    await call('DELETE', 'session');
    window.location.reload();
  });
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.addEventListener('click', () => show(tab.dataset.page));
  }
  window.addEventListener('hashchange', () => show(window.location.hash.slice(1)));
  show(window.location.hash.slice(1));
}
