// The agent builder: marks unsaved changes beside Save, and asks before leaving with them (reload, links, closing
// the tab, or an htmx request that moves to another address). Saving is leaving on purpose.
(() => {
  const form = document.getElementById('builder-form');
  const marker = document.getElementById('unsaved-marker');
  if (!form || !marker) return;
  // The test panel's fields belong to this form too (form="builder-form"); a test message is not an edit.
  const state = () => {
    const data = new FormData(form);
    for (const key of [...data.keys()]) if (key.startsWith('test_')) data.delete(key);
    return new URLSearchParams(data).toString();
  };
  let saved = state();
  const dirty = () => state() !== saved;
  const update = () => {
    const changed = dirty();
    marker.hidden = !changed;
    form.classList.toggle('is-dirty', changed);
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  // The variables panel is rendered again while the instructions are typed: its fields belong to the form too.
  document.addEventListener('htmx:after:swap', update);
  form.addEventListener('submit', (e) => {
    if (e.submitter && e.submitter.hasAttribute('formaction')) return; // the test panel's buttons, not Save
    saved = state();
    update();
  });
  addEventListener('beforeunload', (e) => {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  });
  document.addEventListener('htmx:before:request', (e) => {
    const elt = e.target;
    if (!dirty() || !(elt instanceof Element) || !elt.closest('[hx-push-url="true"], [hx-boost="true"]')) return;
    if (!confirm('You have unsaved changes in this agent. Leave without saving?')) e.preventDefault();
  });
})();
