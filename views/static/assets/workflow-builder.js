// The workflow canvas (/app/workflows/:id): steps are nodes, `needs` solid edges and template references dashed
// ones. Add from the palette, drag to place, drag from a node's output port to another's input port to connect,
// select to edit in the side panel (a server-rendered form fetched through htmx), delete, undo/redo, auto-layout
// (dagre, vendored), zoom and pan, and every one of these from the keyboard. A JSON view edits the same definition.
// Save PATCHes the workflow; validation errors show on their node; a test run shows each step's status live (SSE).
(() => {
  const root = document.getElementById('wf-builder');
  const dataEl = document.getElementById('wf-data');
  if (!root || !dataEl) return;
  const data = JSON.parse(dataEl.dataset.json);
  const editable = root.dataset.editable === 'true';
  const canRun = root.dataset.canRun === 'true';
  const csrf = root.dataset.csrf || '';
  const wfId = root.dataset.workflowId;
  const api = `/api/v1/workflows/${encodeURIComponent(wfId)}`;
  const q = (s) => root.querySelector(s);
  const canvas = q('#wf-canvas');
  const viewport = q('#wf-viewport');
  const nodesEl = q('#wf-nodes');
  const svg = q('#wf-edges');
  const live = q('#wf-live');
  const jsonEl = q('#wf-json');
  const jsonError = q('#wf-json-error');
  const statusEl = q('#wf-status');
  const messagesEl = q('#wf-messages');
  const loader = document.getElementById('wf-step-loader');
  const panel = document.getElementById('step-panel');

  const W = 200;
  const PORT_Y = 30;
  const STEP = 20;
  let def = data.definition;
  let version = data.version;
  let saved = JSON.stringify(def);
  const undos = [];
  const redos = [];
  let focusId = null;
  let selectedId = null;
  let connectFrom = null;
  let errors = {}; // step id → messages
  let general = []; // errors that name no step
  let runSteps = {}; // step id → {status, output, error}
  const view = { x: 24, y: 24, k: 1 };

  const byId = (id) => def.steps.find((s) => s.id === id);
  const announce = (msg) => {
    live.textContent = '';
    setTimeout(() => (live.textContent = msg), 30);
  };
  const dirty = () => JSON.stringify(def) !== saved;

  /** Step ids a step's templates read (`{{steps.<id>…}}`), other than its own needs. */
  function refsOf(step) {
    const found = new Set();
    const walk = (v) => {
      if (typeof v === 'string') for (const m of v.matchAll(/\{\{\s*steps\.([A-Za-z][A-Za-z0-9_]*)/g)) found.add(m[1]);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'position') walk(x);
    };
    walk(step);
    found.delete(step.id);
    for (const n of step.needs || []) found.delete(n);
    return [...found].filter((id) => byId(id));
  }

  function labelOf(s) {
    const parts = [`Step ${s.name && s.name !== s.id ? `${s.name} (${s.id})` : s.id}`, s.kind];
    if (s.needs && s.needs.length) parts.push(`needs ${s.needs.join(' and ')}`);
    const refs = refsOf(s);
    if (refs.length) parts.push(`reads ${refs.join(' and ')}`);
    if (s.when) parts.push(`when ${s.when}`);
    const r = runSteps[s.id];
    if (r) parts.push(r.status);
    const e = errors[s.id];
    if (e && e.length) parts.push(`${e.length === 1 ? 'error' : `${e.length} errors`}: ${e.join('; ')}`);
    if (connectFrom && connectFrom !== s.id) parts.push(`press Enter to connect from ${connectFrom}`);
    return parts.join(', ');
  }

  const preview = (v) => {
    const t = typeof v === 'string' ? v : JSON.stringify(v);
    return t && t.length > 120 ? `${t.slice(0, 117)}…` : (t ?? '');
  };

  function nodeEl(s) {
    const el = document.createElement('div');
    const r = runSteps[s.id];
    el.className = `wf-node kind-${s.kind}`;
    el.classList.toggle('is-selected', s.id === selectedId);
    el.classList.toggle('is-connecting', s.id === connectFrom);
    el.classList.toggle('has-error', Boolean(errors[s.id] && errors[s.id].length));
    if (r) el.dataset.status = r.status;
    el.id = `wf-node-${s.id}`;
    el.dataset.id = s.id;
    el.setAttribute('role', 'option');
    el.setAttribute('aria-selected', String(s.id === selectedId));
    el.setAttribute('aria-label', labelOf(s));
    el.tabIndex = s.id === focusId ? 0 : -1;
    const p = s.position || { x: 0, y: 0 };
    el.style.left = `${p.x}px`;
    el.style.top = `${p.y}px`;
    const add = (cls, text, tag = 'span') => {
      const c = document.createElement(tag);
      c.className = cls;
      if (text !== undefined) c.textContent = text;
      el.append(c);
      return c;
    };
    add('wf-port wf-port-in').setAttribute('aria-hidden', 'true');
    add('wf-node-kind', s.kind);
    add('wf-node-title', s.name || s.id, 'strong');
    if (s.name && s.name !== s.id) add('wf-node-sub', s.id);
    if (r) add('wf-node-status', r.status);
    for (const m of errors[s.id] || []) add('wf-node-error', m);
    if (r && r.error) add('wf-node-error', r.error.message || r.error.code);
    if (r && r.output !== undefined && r.output !== null) add('wf-node-output', preview(r.output));
    if (editable) add('wf-port wf-port-out').setAttribute('aria-hidden', 'true');
    return el;
  }

  const heights = {}; // step id → the node's rendered height
  const center = (s, out) => {
    const p = s.position || { x: 0, y: 0 };
    return { x: p.x + (out ? W : 0), y: p.y + PORT_Y };
  };
  /** Where an edge leaves `from` and enters `to`, with directions: sideways when `to` lies right, else down/up. */
  function anchors(from, to) {
    const a = from.position || { x: 0, y: 0 };
    const b = to.position || { x: 0, y: 0 };
    const ha = heights[from.id] || 60;
    const hb = heights[to.id] || 60;
    if (b.x >= a.x + W + 8) return [{ x: a.x + W, y: a.y + PORT_Y }, [1, 0], { x: b.x, y: b.y + PORT_Y }, [-1, 0]];
    if (b.y >= a.y + ha + 8) return [{ x: a.x + W / 2, y: a.y + ha }, [0, 1], { x: b.x + W / 2, y: b.y }, [0, -1]];
    if (b.y + hb + 8 <= a.y) return [{ x: a.x + W / 2, y: a.y }, [0, -1], { x: b.x + W / 2, y: b.y + hb }, [0, 1]];
    return [{ x: a.x, y: a.y + PORT_Y }, [-1, 0], { x: b.x + W, y: b.y + PORT_Y }, [1, 0]];
  }
  const curve = (a, da, b, db) => {
    const k = Math.max(30, Math.hypot(b.x - a.x, b.y - a.y) / 2.5);
    return `M${a.x},${a.y} C${a.x + da[0] * k},${a.y + da[1] * k} ${b.x + db[0] * k},${b.y + db[1] * k} ${b.x},${b.y}`;
  };

  function drawEdges(extra) {
    const ns = 'http://www.w3.org/2000/svg';
    svg.replaceChildren();
    const defs = document.createElementNS(ns, 'defs');
    defs.innerHTML =
      '<marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>';
    svg.append(defs);
    const line = (ends, cls) => {
      const path = document.createElementNS(ns, 'path');
      path.setAttribute('d', curve(...ends));
      path.setAttribute('class', cls);
      path.setAttribute('marker-end', 'url(#wf-arrow)');
      svg.append(path);
    };
    for (const s of def.steps) {
      for (const n of s.needs || []) {
        const from = byId(n);
        if (from) line(anchors(from, s), 'wf-edge');
      }
      for (const n of refsOf(s)) line(anchors(byId(n), s), 'wf-edge wf-edge-ref');
    }
    if (extra) line([extra.a, [1, 0], extra.b, [-1, 0]], 'wf-edge wf-edge-draft');
  }

  function render() {
    if (!def.steps.some((s) => s.id === focusId)) focusId = def.steps[0] ? def.steps[0].id : null;
    const hadFocus = nodesEl.contains(document.activeElement);
    nodesEl.replaceChildren(...def.steps.map(nodeEl));
    for (const el of nodesEl.children) heights[el.dataset.id] = el.offsetHeight;
    drawEdges();
    q('#wf-empty').hidden = def.steps.length > 0;
    if (hadFocus && focusId) document.getElementById(`wf-node-${focusId}`).focus({ preventScroll: true });
    statusEl.textContent = dirty() ? 'Unsaved changes' : `Version ${version}`;
    root.classList.toggle('is-dirty', dirty());
    const u = q('#wf-undo');
    const r = q('#wf-redo');
    if (u) u.disabled = !undos.length;
    if (r) r.disabled = !redos.length;
    messagesEl.replaceChildren(
      ...general.map((m) => {
        const li = document.createElement('li');
        li.textContent = m;
        return li;
      }),
    );
    messagesEl.hidden = !general.length;
    if (jsonEl && document.activeElement !== jsonEl) jsonEl.value = JSON.stringify(def, null, 2);
    renderInputs();
  }

  function applyView() {
    viewport.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
    q('#wf-zoom-level').textContent = `${Math.round(view.k * 100)}%`;
  }

  /** Records the definition for undo, applies `change`, re-renders, announces `msg`, and validates (debounced). */
  function commit(change, msg) {
    const before = JSON.stringify(def);
    change();
    if (JSON.stringify(def) === before) return;
    undos.push(before);
    if (undos.length > 200) undos.shift();
    redos.length = 0;
    render();
    if (msg) announce(msg);
    scheduleValidate();
    refreshPanel();
  }

  function undoRedo(from, to, word) {
    if (!from.length) return announce(`Nothing to ${word}`);
    to.push(JSON.stringify(def));
    def = JSON.parse(from.pop());
    render();
    announce(`${word === 'undo' ? 'Undone' : 'Redone'}; ${def.steps.length} steps`);
    scheduleValidate();
    refreshPanel();
  }

  const DEFAULTS = {
    agent: () => ({ agent_id: (data.agents[0] && data.agents[0].value) || '', input: '' }),
    tool: () => ({ tool_id: (data.tools[0] && data.tools[0].value) || '', arguments: {} }),
    transform: () => ({ value: '' }),
    router: () => ({ routes: { yes: [], no: [] } }),
    map: () => ({ over: '', step: { kind: 'transform', value: '{{item}}' } }),
    approval: () => ({ message: 'Approve this step?' }),
    wait: () => ({ seconds: 60 }),
    workflow: () => ({ workflow_id: (data.workflows[0] && data.workflows[0].value) || '', inputs: {} }),
  };

  function freeSpot() {
    const anchor = byId(focusId) || def.steps[def.steps.length - 1];
    const p = anchor && anchor.position ? { x: anchor.position.x + W + 60, y: anchor.position.y } : { x: 0, y: 0 };
    while (def.steps.some((s) => s.position && Math.abs(s.position.x - p.x) < W && Math.abs(s.position.y - p.y) < 60)) p.y += 100;
    return p;
  }

  function addStep(kind) {
    let n = 1;
    while (byId(`${kind}_${n}`)) n++;
    const id = `${kind}_${n}`;
    commit(() => {
      def.steps.push({ id, kind, ...DEFAULTS[kind](), position: freeSpot() });
      focusId = id;
    }, `Added step ${id}, ${kind}. Press Enter to edit it, C to connect it to another step.`);
    select(id);
    document.getElementById(`wf-node-${id}`).focus();
  }

  /** True when `to` depends (through needs) on `from` already, so from → to … → from would be a cycle. */
  function reaches(from, to) {
    const seen = new Set();
    const stack = [from];
    while (stack.length) {
      const id = stack.pop();
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      const s = byId(id);
      if (s) stack.push(...(s.needs || []), ...refsOf(s));
    }
    return false;
  }

  function connect(from, to) {
    const target = byId(to);
    if (!target || from === to) return announce('A step cannot need itself');
    if ((target.needs || []).includes(from)) return announce(`${to} already needs ${from}`);
    if (reaches(from, to)) return announce(`Not connected: ${from} already depends on ${to}, that would be a cycle`);
    commit(() => (target.needs = [...(byId(to).needs || []), from]), `Connected: ${to} now needs ${from}`);
  }

  function removeStep(id) {
    commit(
      () => {
        const i = def.steps.findIndex((s) => s.id === id);
        def.steps.splice(i, 1);
        for (const s of def.steps) {
          if (s.needs) s.needs = s.needs.filter((n) => n !== id);
          if (s.needs && !s.needs.length) delete s.needs;
          if (s.kind === 'router') for (const k of Object.keys(s.routes)) s.routes[k] = s.routes[k].filter((n) => n !== id);
        }
        delete errors[id];
        if (selectedId === id) clearPanel();
        const next = def.steps[Math.min(i, def.steps.length - 1)];
        focusId = next ? next.id : null;
      },
      `Deleted step ${id}${def.steps.length > 1 ? '' : '; the workflow has no steps'}`,
    );
    const f = focusId && document.getElementById(`wf-node-${focusId}`);
    if (f) f.focus();
    else q('.wf-palette button')?.focus();
  }

  function renameRefs(from, to) {
    const re = new RegExp(`(\\{\\{\\s*steps\\.)${from}(?![A-Za-z0-9_])`, 'g');
    const fix = (v) =>
      typeof v === 'string'
        ? v.replace(re, `$1${to}`)
        : Array.isArray(v)
          ? v.map(fix)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]))
            : v;
    def.steps = def.steps.map((s) => {
      const t = fix(s);
      if (t.needs) t.needs = t.needs.map((n) => (n === from ? to : n));
      if (t.kind === 'router') for (const k of Object.keys(t.routes)) t.routes[k] = t.routes[k].map((n) => (n === from ? to : n));
      return t;
    });
    if (def.output !== undefined) def.output = fix(def.output);
  }

  // ---- the side panel: the step's settings, rendered by the server (htmx) from the step's JSON ----
  function select(id) {
    selectedId = id;
    render();
    const s = byId(id);
    if (!s || !loader) return;
    loader.querySelector('[name=step]').value = JSON.stringify(s);
    loader.querySelector('[name=ids]').value = JSON.stringify(def.steps.map((x) => x.id));
    loader.requestSubmit();
  }
  /** JSON with sorted keys and no position: two forms of one step compare equal. */
  const canonical = (v) =>
    Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : v && typeof v === 'object'
        ? `{${Object.keys(v)
            .filter((k) => k !== 'position')
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
            .join(',')}}`
        : JSON.stringify(v);
  /** The side panel follows changes made elsewhere (connecting, undo, the JSON view): its form is loaded again. */
  function refreshPanel() {
    if (!selectedId) return;
    const s = byId(selectedId);
    if (!s) return clearPanel();
    const shown = panel.querySelector('form[data-original] [name=original]');
    if (!shown) return;
    let same = false;
    try {
      same = canonical(JSON.parse(shown.value)) === canonical(s);
    } catch {}
    if (!same) select(selectedId);
  }
  function clearPanel() {
    selectedId = null;
    panel.replaceChildren();
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'Select a step to see its settings.';
    panel.append(p);
  }
  document.addEventListener('htmx:after:swap', () => {
    // A form that arrived for a step deleted (or renamed away) while it loaded is not shown.
    const shown = panel.querySelector('form[data-original]');
    if (shown && !byId(shown.dataset.original)) return clearPanel();
    const form = panel.querySelector('[data-applied="true"][data-step]');
    if (!form) return;
    form.removeAttribute('data-applied');
    const step = JSON.parse(form.dataset.step);
    const oldId = form.dataset.original;
    if (!byId(oldId)) return;
    commit(() => {
      if (step.id !== oldId) renameRefs(oldId, step.id);
      const i = def.steps.findIndex((s) => s.id === oldId);
      step.position = def.steps[i].position;
      def.steps[i] = step;
      if (focusId === oldId) focusId = step.id;
      selectedId = step.id;
    }, `Step ${step.id} updated`);
  });

  // ---- keyboard ----
  function nearest(fromId, dx, dy) {
    const a = byId(fromId).position;
    let best = null;
    let score = Infinity;
    for (const s of def.steps) {
      if (s.id === fromId) continue;
      const vx = s.position.x - a.x;
      const vy = s.position.y - a.y;
      const along = vx * dx + vy * dy;
      if (along <= 0) continue;
      const d = along + 2 * Math.abs(vx * dy + vy * dx);
      if (d < score) [best, score] = [s.id, d];
    }
    return best;
  }
  function focusNode(id) {
    if (!id) return;
    focusId = id;
    render();
    const el = document.getElementById(`wf-node-${id}`);
    el.focus();
    ensureVisible(byId(id));
  }
  function ensureVisible(s) {
    const r = canvas.getBoundingClientRect();
    const x = s.position.x * view.k + view.x;
    const y = s.position.y * view.k + view.y;
    if (x < 0 || y < 0 || x + W * view.k > r.width || y + 80 * view.k > r.height) {
      view.x = r.width / 2 - (s.position.x + W / 2) * view.k;
      view.y = r.height / 2 - (s.position.y + 40) * view.k;
      applyView();
    }
  }
  const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  nodesEl.addEventListener('keydown', (e) => {
    const node = e.target.closest && e.target.closest('.wf-node');
    if (!node) return;
    const id = node.dataset.id;
    const arrow = ARROWS[e.key];
    if (arrow && e.shiftKey && editable) {
      e.preventDefault();
      commit(
        () => {
          const s = byId(id);
          s.position = { x: s.position.x + arrow[0] * STEP, y: s.position.y + arrow[1] * STEP };
        },
        `Moved ${id} to ${byId(id).position.x + arrow[0] * STEP}, ${byId(id).position.y + arrow[1] * STEP}`,
      );
      ensureVisible(byId(id));
    } else if (arrow) {
      e.preventDefault();
      const next = nearest(id, arrow[0], arrow[1]);
      if (next) focusNode(next);
      else announce('No step that way');
    } else if (e.key === 'Tab' && !e.altKey && !e.ctrlKey) {
      // Tab walks the steps in order, then leaves the canvas.
      const i = def.steps.findIndex((s) => s.id === id) + (e.shiftKey ? -1 : 1);
      if (i >= 0 && i < def.steps.length) {
        e.preventDefault();
        focusNode(def.steps[i].id);
      }
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusNode(def.steps[e.key === 'Home' ? 0 : def.steps.length - 1].id);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (connectFrom) {
        const from = connectFrom;
        connectFrom = null;
        connect(from, id);
        render();
      } else {
        select(id);
        announce(`Editing ${id}: its settings are in the side panel`);
      }
    } else if ((e.key === 'c' || e.key === 'C') && !e.ctrlKey && !e.metaKey && editable) {
      e.preventDefault();
      connectFrom = id;
      render();
      announce(`Connecting from ${id}: move to the step that needs it and press Enter; Escape cancels`);
    } else if (e.key === 'Escape' && connectFrom) {
      connectFrom = null;
      render();
      announce('Connecting cancelled');
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && editable) {
      e.preventDefault();
      removeStep(id);
    } else if ((e.key === 'x' || e.key === 'X') && editable && !e.ctrlKey && !e.metaKey) {
      // Disconnect: removes what this step needs.
      const s = byId(id);
      if (s.needs && s.needs.length) commit(() => delete byId(id).needs, `${id} needs nothing now`);
    }
  });
  nodesEl.addEventListener('focusin', (e) => {
    const node = e.target.closest('.wf-node');
    if (node && node.dataset.id !== focusId) {
      focusId = node.dataset.id;
      for (const n of nodesEl.children) n.tabIndex = n === node ? 0 : -1;
    }
  });
  root.addEventListener('keydown', (e) => {
    const t = e.target;
    if (t.closest && t.closest('input, textarea, select, #step-panel')) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === 'z' || e.key === 'Z') && editable) {
      e.preventDefault();
      if (e.shiftKey) undoRedo(redos, undos, 'redo');
      else undoRedo(undos, redos, 'undo');
    } else if (mod && (e.key === 'y' || e.key === 'Y') && editable) {
      e.preventDefault();
      undoRedo(redos, undos, 'redo');
    } else if (mod && (e.key === 's' || e.key === 'S') && editable) {
      e.preventDefault();
      save();
    } else if (!mod && (e.key === 'l' || e.key === 'L') && editable) {
      layout(true);
    } else if (!mod && (e.key === '+' || e.key === '=')) zoom(1.2);
    else if (!mod && (e.key === '-' || e.key === '_')) zoom(1 / 1.2);
    else if (!mod && e.key === '0') fit();
  });

  // ---- pointer: drag nodes, drag from ports, pan, zoom ----
  const toCanvas = (e) => {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left - view.x) / view.k, y: (e.clientY - r.top - view.y) / view.k };
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const port = e.target.closest('.wf-port-out');
    const node = e.target.closest('.wf-node');
    const start = { x: e.clientX, y: e.clientY };
    let moved = false;
    let onMove;
    let onUp;
    if (port && editable) {
      const from = node.dataset.id;
      const a = center(byId(from), true);
      onMove = (ev) => drawEdges({ a, b: toCanvas(ev) });
      onUp = (ev) => {
        const hit = document.elementFromPoint(ev.clientX, ev.clientY);
        const target = hit && hit.closest('.wf-node');
        drawEdges();
        if (target && target.dataset.id !== from) connect(from, target.dataset.id);
      };
    } else if (node) {
      const id = node.dataset.id;
      const s = byId(id);
      const orig = { ...(s.position || { x: 0, y: 0 }) };
      onMove = (ev) => {
        if (!editable) return;
        const dx = (ev.clientX - start.x) / view.k;
        const dy = (ev.clientY - start.y) / view.k;
        if (!moved && Math.hypot(dx, dy) < 4) return;
        moved = true;
        node.style.left = `${Math.round(orig.x + dx)}px`;
        node.style.top = `${Math.round(orig.y + dy)}px`;
        s.position = { x: Math.round(orig.x + dx), y: Math.round(orig.y + dy) };
        drawEdges();
      };
      onUp = () => {
        if (moved) {
          const to = s.position;
          s.position = orig;
          commit(() => (byId(id).position = to), `Moved ${id}`);
        } else {
          focusId = id;
          select(id);
          document.getElementById(`wf-node-${id}`).focus();
        }
      };
    } else {
      const orig = { x: view.x, y: view.y };
      onMove = (ev) => {
        view.x = orig.x + ev.clientX - start.x;
        view.y = orig.y + ev.clientY - start.y;
        applyView();
      };
      onUp = () => {};
    }
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    const move = (ev) => onMove(ev);
    const up = (ev) => {
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
      onUp(ev);
    };
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
  });
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        const r = canvas.getBoundingClientRect();
        zoom(Math.exp(-e.deltaY / 300), e.clientX - r.left, e.clientY - r.top);
      } else {
        view.x -= e.deltaX;
        view.y -= e.deltaY;
        applyView();
      }
    },
    { passive: false },
  );
  function zoom(f, cx, cy) {
    const r = canvas.getBoundingClientRect();
    cx ??= r.width / 2;
    cy ??= r.height / 2;
    const k = Math.min(2.5, Math.max(0.25, view.k * f));
    view.x = cx - ((cx - view.x) * k) / view.k;
    view.y = cy - ((cy - view.y) * k) / view.k;
    view.k = k;
    applyView();
    announce(`Zoom ${Math.round(k * 100)}%`);
  }
  function fit() {
    if (!def.steps.length) return;
    const r = canvas.getBoundingClientRect();
    const xs = def.steps.map((s) => s.position.x);
    const ys = def.steps.map((s) => s.position.y);
    const [x0, y0, x1, y1] = [Math.min(...xs), Math.min(...ys), Math.max(...xs) + W, Math.max(...ys) + 90];
    view.k = Math.min(1.25, Math.max(0.25, Math.min((r.width - 48) / (x1 - x0), (r.height - 48) / (y1 - y0))));
    view.x = (r.width - (x1 - x0) * view.k) / 2 - x0 * view.k;
    view.y = (r.height - (y1 - y0) * view.k) / 2 - y0 * view.k;
    applyView();
  }

  /** Auto-layout with dagre (left to right, by needs and template references). */
  function layout(recorded) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 72 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const s of def.steps) g.setNode(s.id, { width: W, height: heights[s.id] || 70 });
    for (const s of def.steps) for (const n of [...(s.needs || []), ...refsOf(s)]) if (byId(n)) g.setEdge(n, s.id);
    dagre.layout(g);
    const place = () => {
      for (const s of def.steps) {
        const n = g.node(s.id);
        s.position = { x: Math.round(n.x - W / 2), y: Math.round(n.y - (heights[s.id] || 70) / 2) };
      }
    };
    if (recorded) commit(place, 'Steps laid out');
    else place();
    fit();
  }

  // ---- the JSON view ----
  let jsonTimer;
  jsonEl?.addEventListener('input', () => {
    clearTimeout(jsonTimer);
    jsonTimer = setTimeout(() => {
      let next;
      try {
        next = JSON.parse(jsonEl.value);
        if (!next || typeof next !== 'object' || !Array.isArray(next.steps)) throw new Error('a definition is an object with a "steps" list');
        const ids = new Set();
        for (const s of next.steps) {
          if (!s || typeof s.id !== 'string' || !DEFAULTS[s.kind]) throw new Error('every step needs an "id" and one of the eight kinds');
          if (ids.has(s.id)) throw new Error(`two steps are called ${s.id}`);
          ids.add(s.id);
        }
      } catch (err) {
        jsonError.textContent = `Not applied: ${err.message}`;
        jsonError.hidden = false;
        return;
      }
      jsonError.hidden = true;
      const missing = next.steps.some((s) => !s.position);
      commit(() => {
        def = next;
        if (missing) layout(false);
      }, 'Definition updated from the JSON view');
    }, 400);
  });
  jsonEl?.addEventListener('blur', () => jsonError.hidden && (jsonEl.value = JSON.stringify(def, null, 2)));

  // ---- validation and save ----
  /** Puts `details` ([{path, message}]) on their nodes: paths like `steps.2.agent_id` or messages naming a step. */
  function showErrors(details, fallback) {
    errors = {};
    general = [];
    for (const d of details || []) {
      const path = String(d.path || '');
      // `steps.<id or index>.<field>` (the API names steps by id; zod issues by index), or the issue's step_id.
      const m = /(?:^|\.)steps\.([A-Za-z0-9_]+)(?:\.(.*))?$/.exec(path);
      const named = m && (byId(m[1]) ? m[1] : /^\d+$/.test(m[1]) && def.steps[Number(m[1])] ? def.steps[Number(m[1])].id : null);
      const id = d.step_id && byId(d.step_id) ? d.step_id : named;
      const field = m && m[2] ? `${m[2]}: ` : '';
      if (id) (errors[id] ||= []).push(`${field}${d.message}`);
      else general.push(`${path ? `${path}: ` : ''}${d.message}`);
    }
    if (!details || !details.length) if (fallback) general.push(fallback);
    render();
  }
  const jsonHeaders = { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' };
  let validateTimer;
  function scheduleValidate() {
    if (!editable) return;
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 800);
  }
  async function validate(announceResult) {
    if (!def.steps.length) return;
    const sent = JSON.stringify(def);
    const res = await fetch('/api/v1/workflows/validate', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ definition: def, workflow_id: wfId }),
    }).catch(() => null);
    if (!res || res.status === 404 || res.status === 405 || JSON.stringify(def) !== sent) return;
    const body = await res.json().catch(() => ({}));
    const details = res.ok ? body.errors || body.details || [] : (body.error && body.error.details) || [];
    showErrors(details, res.ok ? null : body.error && body.error.message);
    const n = Object.values(errors).flat().length + general.length;
    if (announceResult) announce(n ? `${n} problem${n > 1 ? 's' : ''} found` : 'The workflow is valid');
  }
  async function save() {
    if (!editable) return false;
    const btn = q('#wf-save');
    btn.disabled = true;
    statusEl.textContent = 'Saving…';
    try {
      const res = await fetch(api, { method: 'PATCH', headers: jsonHeaders, body: JSON.stringify({ definition: def }) });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        showErrors(body.error && body.error.details, (body.error && body.error.message) || `Not saved (${res.status})`);
        announce(`Not saved: ${(body.error && body.error.message) || res.status}`);
        return false;
      }
      version = body.version;
      saved = JSON.stringify(def);
      const v = document.getElementById('wf-head-version');
      const n = document.getElementById('wf-head-steps');
      if (v) v.textContent = `v${version}`;
      if (n) n.textContent = `${def.steps.length} step${def.steps.length === 1 ? '' : 's'}`;
      showErrors([]);
      announce(`Saved as version ${version}`);
      return true;
    } catch {
      statusEl.textContent = 'Not saved: the network failed';
      announce('Not saved: the network failed');
      return false;
    } finally {
      btn.disabled = false;
    }
  }

  // ---- test run ----
  const runForm = q('#wf-run-form');
  const runFields = q('#wf-run-fields');
  const runStatus = q('#wf-run-status');
  let inputsKey = '';
  function renderInputs() {
    if (!runFields) return;
    const key = JSON.stringify(def.inputs || {});
    if (key === inputsKey) return;
    inputsKey = key;
    runFields.replaceChildren();
    const entries = Object.entries(def.inputs || {});
    if (!entries.length) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = 'This workflow takes no inputs.';
      runFields.append(p);
    }
    for (const [name, spec] of entries) {
      const wrap = document.createElement('div');
      wrap.className = 'field';
      const label = document.createElement('label');
      label.className = 'field-label';
      label.htmlFor = `wf-in-${name}`;
      label.textContent = `${name}${spec.required ? '' : ' (optional)'} · ${spec.type}`;
      const big = spec.type === 'object' || spec.type === 'array';
      const input = document.createElement(big ? 'textarea' : 'input');
      input.id = `wf-in-${name}`;
      input.name = name;
      input.dataset.type = spec.type;
      input.className = big ? 'input textarea mono' : 'input';
      if (spec.type === 'boolean') {
        input.type = 'checkbox';
        input.className = '';
        input.checked = spec.default === true;
      } else {
        if (!big) input.type = spec.type === 'number' ? 'number' : 'text';
        if (spec.type === 'number') input.step = 'any';
        input.value = spec.default === undefined ? '' : typeof spec.default === 'string' ? spec.default : JSON.stringify(spec.default);
        if (big) input.rows = 3;
      }
      wrap.append(label, input);
      if (spec.description) {
        const hint = document.createElement('p');
        hint.className = 'field-hint';
        hint.textContent = spec.description;
        wrap.append(hint);
      }
      runFields.append(wrap);
    }
  }
  function readInputs() {
    const inputs = {};
    for (const el of runFields.querySelectorAll('[data-type]')) {
      const t = el.dataset.type;
      if (t === 'boolean') inputs[el.name] = el.checked;
      else if (el.value === '') continue;
      else if (t === 'number') inputs[el.name] = Number(el.value);
      else if (t === 'string') inputs[el.name] = el.value;
      else inputs[el.name] = JSON.parse(el.value);
    }
    return inputs;
  }
  let source = null;
  const TERMINAL = ['run.completed', 'run.failed', 'run.cancelled'];
  function say(msg) {
    runStatus.textContent = msg;
    announce(msg);
  }
  async function loadRun(id) {
    const res = await fetch(`/api/v1/runs/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } }).catch(() => null);
    if (!res || !res.ok) return null;
    const run = await res.json();
    for (const s of run.steps || []) runSteps[s.id] = { status: s.status, output: s.output, error: s.error };
    render();
    return run;
  }
  runForm?.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!canRun) return;
    let inputs;
    try {
      inputs = readInputs();
    } catch {
      return say('An object or list input is not valid JSON');
    }
    if (dirty() && !(editable && (await save()))) return say('Save the workflow (without errors) before a test run');
    if (source) source.close();
    runSteps = {};
    render();
    say('Starting a test run…');
    const res = await fetch(`/app/workflows/${encodeURIComponent(wfId)}/test-runs`, {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ inputs }),
    }).catch(() => null);
    const run = res && (await res.json().catch(() => null));
    if (!res || !res.ok || !run || !run.id) {
      const err = run && run.error;
      if (err && err.details) showErrors(err.details);
      return say(`The run did not start: ${(err && err.message) || 'the network failed'}`);
    }
    const link = q('#wf-run-link');
    link.href = `/app/runs/${encodeURIComponent(run.id)}`;
    link.hidden = false;
    for (const s of run.steps || []) runSteps[s.id] = { status: s.status, output: s.output, error: s.error };
    render();
    say(`Run ${run.id} is ${run.status}`);
    source = new EventSource(`/api/v1/runs/${encodeURIComponent(run.id)}/events`);
    const onEvent = async (ev) => {
      let d = {};
      try {
        d = JSON.parse(ev.data);
      } catch {}
      if (d.step_id) {
        runSteps[d.step_id] = {
          ...runSteps[d.step_id],
          status: d.status,
          ...('output' in d ? { output: d.output } : {}),
          ...(d.error ? { error: d.error } : {}),
        };
        render();
        if (ev.type !== 'step.started') announce(`Step ${d.step_id} ${d.status}`);
      }
      if (TERMINAL.includes(ev.type)) {
        source.close();
        source = null;
        const final = await loadRun(run.id);
        say(`Run ${run.id} ${(final && final.status) || d.status || ev.type.slice(4)}`);
      } else if (ev.type === 'step.completed') loadRun(run.id);
    };
    for (const name of data.runEvents) source.addEventListener(name, onEvent);
    source.onerror = () => {
      if (source && source.readyState === EventSource.CLOSED) say('Lost the run’s live updates; open the run page for its state');
    };
  });

  // ---- toolbar and palette ----
  root.addEventListener('click', (e) => {
    const b = e.target.closest && e.target.closest('button[data-action], button[data-kind]');
    if (!b) return;
    if (b.dataset.kind) return addStep(b.dataset.kind);
    const a = b.dataset.action;
    if (a === 'undo') undoRedo(undos, redos, 'undo');
    else if (a === 'redo') undoRedo(redos, undos, 'redo');
    else if (a === 'layout') layout(true);
    else if (a === 'zoom-in') zoom(1.2);
    else if (a === 'zoom-out') zoom(1 / 1.2);
    else if (a === 'fit') fit();
    else if (a === 'save') save();
    else if (a === 'validate') validate(true);
    else if (a === 'delete' && selectedId) removeStep(selectedId);
  });
  addEventListener('beforeunload', (e) => {
    if (!editable || !dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  });

  let resizeTimer;
  addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fit, 150);
  });
  if (def.steps.some((s) => !s.position)) layout(false);
  focusId = def.steps[0] ? def.steps[0].id : null;
  render();
  fit();
  if (!def.steps.length) applyView();
  root.classList.add('is-ready');
  if (editable) scheduleValidate();
})();
