// Phone numbers hidden until "reveal" is clicked. In fields that name a number (to, from, msisdn and the like) every
// digit is masked; anywhere else any run of 7 or more digits (spaces, dots, dashes and brackets between them
// allowed), except in ids, which are needed to find an event, and in dates.
const PHONE_KEYS = /^(to|from|msisdn|number|phone|phone_number|sender|recipient|sender_id)$/i;
const ID_KEYS = /(uuid|id|Id|ID)$/;
const LONG_DIGITS = /\+?\d(?:[\d\s().-]*\d){6,}/g;

function maskDigits(value) {
  return value.replace(/\d/g, '•');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function maskRuns(value) {
  return value.replace(LONG_DIGITS, (run) => (DATE.test(run) ? run : run.replace(/\d/g, '•')));
}

function walk(value, key) {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (key && PHONE_KEYS.test(key)) return maskDigits(text);
    if (key && ID_KEYS.test(key)) return value;
    const masked = maskRuns(text);
    return masked === text ? value : masked;
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, key));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [name, inner] of Object.entries(value)) {
      out[name] = inner && typeof inner === 'object' && PHONE_KEYS.test(name)
        ? walkAll(inner) : walk(inner, name);
    }
    return out;
  }
  return value;
}

/** Inside a phone-like object ("to": {"number": ...}) every value is masked. */
function walkAll(value) {
  if (Array.isArray(value)) return value.map(walkAll);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [name, inner] of Object.entries(value)) out[name] = walkAll(inner);
    return out;
  }
  return typeof value === 'string' ? maskDigits(value) : value;
}

/** The body pretty-printed: {masked, plain}. A body that is not JSON (a form string) is masked as text. */
export function prettyAndMasked(body) {
  if (body == null) return { masked: '(no body)', plain: '(no body)' };
  try {
    const parsed = JSON.parse(body);
    return { masked: JSON.stringify(walk(parsed), null, 2), plain: JSON.stringify(parsed, null, 2) };
  } catch {
    const plain = String(body);
    const masked = plain.replace(/((?:^|&)(?:to|from|msisdn)=)([^&]*)/gi, (all, name, value) => name + maskDigits(value));
    return { masked: maskRuns(masked), plain };
  }
}
