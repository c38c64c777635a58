// Calls to the admin API with the session cookie; state-changing calls carry the session's CSRF token.
let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

/** The answer as {status, data}; data is the parsed JSON, or null. A lost session sends the browser to sign-in. */
export async function call(method, path, body) {
  const headers = {};
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const answer = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  if (answer.status === 401) {
    window.location.reload();
    throw new Error('signed out');
  }
  let data = null;
  const type = answer.headers.get('Content-Type') || '';
  if (type.startsWith('application/json')) {
    data = await answer.json();
  }
  return { status: answer.status, data };
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);

/** An error answer as a line for people. */
export function problem(answer) {
  const reason = answer.data && answer.data.error ? answer.data.error : 'no reason given';
  return `${answer.status}: ${reason}`;
}
