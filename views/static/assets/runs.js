// Run page: follows the run's events (SSE, resumed by the browser with Last-Event-ID) and puts what changed in
// place: the header, the changed steps' graph nodes and timeline rows, fetched as one server-rendered fragment.
// Open input/output blocks stay open; a row someone is typing in keeps its form. Without this script a reload shows
// the same state.
(() => {
  const root = document.getElementById('run-live');
  if (!root || !window.EventSource) return;
  const ENDS = ['run.completed', 'run.failed', 'run.cancelled'];
  const EVENTS = ['run.started', 'step.started', 'step.completed', 'step.failed', 'step.waiting', ...ENDS];
  const announce = document.getElementById('run-announce');
  const changed = new Set();
  let all = false;
  let timer = 0;
  let busy = false;
  let source = null;

  const put = (fresh) => {
    const old = document.getElementById(fresh.id);
    if (!old) return;
    // Someone typing a comment in this row keeps it until the step's status changes.
    if (old.contains(document.activeElement) && old.getAttribute('class') === fresh.getAttribute('class')) return;
    const open = new Set([...old.querySelectorAll('details[open]')].map((d) => d.dataset.key));
    const node = document.importNode(fresh, true);
    for (const d of node.querySelectorAll('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
    old.replaceWith(node);
  };

  const apply = (html) => {
    const parts = new DOMParser().parseFromString(html, 'text/html').getElementById('run-live-parts');
    if (!parts) return;
    root.dataset.status = parts.dataset.status;
    for (const el of parts.querySelectorAll(':scope > section, :scope > svg > g, :scope > ol > li')) put(el);
  };

  const refresh = async () => {
    timer = 0;
    if (busy) return schedule();
    busy = true;
    const steps = all ? '' : [...changed].join(',');
    changed.clear();
    all = false;
    try {
      const res = await fetch(root.dataset.live + (steps ? `?steps=${encodeURIComponent(steps)}` : ''), { credentials: 'same-origin' });
      if (res.ok) apply(await res.text());
    } catch {
      // The next event (or a reload) brings the page up to date.
    } finally {
      busy = false;
    }
  };
  const schedule = () => {
    if (!timer) timer = setTimeout(refresh, 120);
  };

  const onEvent = (e) => {
    let data = {};
    try {
      data = JSON.parse(e.data);
    } catch {}
    if (data.step_id) changed.add(data.step_id);
    else all = true;
    if (announce && data.status) announce.textContent = data.step_id ? `Step ${data.step_id}: ${data.status}` : `Run ${data.status}`;
    if (ENDS.includes(e.type)) {
      all = true;
      source.close();
    }
    schedule();
  };

  const follow = () => {
    if (source) source.close();
    source = new EventSource(root.dataset.events);
    for (const name of EVENTS) source.addEventListener(name, onEvent);
    source.addEventListener('message', onEvent);
  };
  if (!['succeeded', 'failed', 'cancelled'].includes(root.dataset.status)) follow();
})();
