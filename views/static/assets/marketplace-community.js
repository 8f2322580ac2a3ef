// Marketplace reviews, replies and reports (issue 18 §4): forms marked data-api-form post their fields as JSON to the
// API (with the page's CSRF token for a signed-in person), then reload the page or show the API's message.
(() => {
  // The reviews section and the report form each include this script: bind once.
  if (window.__edgentMarketplaceForms) return;
  window.__edgentMarketplaceForms = true;
  const fieldsOf = (form) => {
    const out = {};
    for (const [k, v] of new FormData(form)) out[k] = k === 'rating' ? Number(v) : String(v);
    return out;
  };
  document.addEventListener('submit', async (ev) => {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-api-form')) return;
    ev.preventDefault();
    const status = form.querySelector('[data-api-status]');
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (form.dataset.csrf) headers['x-csrf-token'] = form.dataset.csrf;
    try {
      const res = await fetch(form.dataset.apiForm || form.action, {
        method: 'POST',
        headers,
        body: JSON.stringify(fieldsOf(form)),
        credentials: 'same-origin',
      });
      if (res.ok) {
        if (form.dataset.done && status) {
          status.textContent = form.dataset.done;
          form.reset();
        } else location.reload();
        return;
      }
      const body = await res.json().catch(() => null);
      if (status) status.textContent = body?.error?.message ?? `Something went wrong (${res.status}).`;
    } catch {
      if (status) status.textContent = 'The network failed; try again.';
    } finally {
      if (button) button.disabled = false;
    }
  });
})();
