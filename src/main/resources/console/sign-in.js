// The sign-in page: asks whether this browser has a session; if not, shows the form. The console itself (app.js and
// the pages) is loaded only once signed in: the server refuses it to anyone else.
const form = document.getElementById('sign-in');
const error = document.getElementById('sign-in-error');

async function start() {
  const answer = await fetch('session', { credentials: 'same-origin', cache: 'no-store' });
  if (answer.ok) {
    const { csrf } = await answer.json();
    await openConsole(csrf);
  } else {
    form.hidden = false;
    document.getElementById('token').focus();
  }
}

async function openConsole(csrf) {
  form.hidden = true;
  const app = await import('./app.js');
  app.open(csrf);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const token = document.getElementById('token');
  const answer = await fetch('session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: token.value }),
  });
  token.value = '';
  if (answer.ok) {
    const { csrf } = await answer.json();
    await openConsole(csrf);
  } else if (answer.status === 429) {
    error.textContent = 'Too many wrong tokens: try again in a minute.';
  } else {
    error.textContent = 'Wrong token.';
  }
});

start();
