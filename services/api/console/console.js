// @ts-check
// The Lava console: plain ES module, no build step. Hash routes: #/runs, #/run/<id>, #/jobs,
// #/dispatch, #/queues. Everything comes from the realm's HTTP API (/api/v1); the token, when
// the API needs one, is kept in sessionStorage for this tab only.

const API = 'api/v1';
const POLL_MS = 1500;
const TERMINAL = ['complete', 'failed', 'rejected', 'skipped', 'action_failed'];
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @type {number | undefined} */
let timer;

/** Escapes text for HTML. */
function h(/** @type {unknown} */ value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function badge(/** @type {string | undefined} */ status) {
  return `<span class="status ${h(status)}" data-status="${h(status)}">${h(status ?? '-')}</span>`;
}

/** Calls the API; a 401 shows the sign-in form, other errors the error banner. */
async function api(/** @type {string} */ path, /** @type {RequestInit} */ init = {}) {
  const token = sessionStorage.getItem('lava-token');
  const headers = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const res = await fetch(`${API}${path}`, { ...init, headers });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) {
    $('login').hidden = false;
    throw new Error(body.message ?? 'authentication required');
  }
  if (!res.ok) throw new Error(`${body.code ?? res.status}: ${body.message ?? res.statusText}`);
  return body;
}

function showError(/** @type {unknown} */ err) {
  $('error').hidden = false;
  $('error').textContent = err instanceof Error ? err.message : String(err);
}

const enc = encodeURIComponent;

/** Runs list, refreshed while shown (live status). */
async function runsView(/** @type {URLSearchParams} */ q) {
  const query = new URLSearchParams({ limit: '50' });
  for (const k of ['job_id', 'status', 'since']) if (q.get(k)) query.set(k, /** @type {string} */ (q.get(k)));
  const page = await api(`/runs?${query}`);
  const rows = page.items
    .map(
      (/** @type {any} */ r) =>
        `<tr data-run="${h(r.run_id)}"><td><a href="#/run/${enc(r.run_id)}">${h(r.run_id)}</a></td>` +
        `<td>${h(r.job_id)}</td><td>${badge(r.status)}</td><td>${h(r.tu_event)}</td><td>${h(r.worker)}</td></tr>`,
    )
    .join('');
  return {
    html:
      `<h2>Runs</h2><form id="filter"><input name="job_id" placeholder="job id" value="${h(q.get('job_id'))}"> ` +
      `<input name="status" placeholder="status, e.g. failed" value="${h(q.get('status'))}"> ` +
      `<input name="since" placeholder="since, e.g. 1h" value="${h(q.get('since'))}"> <button>Filter</button></form>` +
      `<table id="runs"><thead><tr><th>Run</th><th>Job</th><th>Status</th><th>Last event (UTC)</th><th>Worker</th></tr></thead>` +
      `<tbody>${rows || '<tr><td colspan="5">no runs</td></tr>'}</tbody></table>`,
    live: true,
  };
}

/** Live output of the run shown last: what has been read, and the cursor of what follows. */
let liveOutput = { runId: '', cursor: '', text: '' };

/** The run's live output so far (stdout and stderr interleaved as written), read from the cursor on. */
async function followOutput(/** @type {string} */ runId) {
  if (liveOutput.runId !== runId) liveOutput = { runId, cursor: '', text: '' };
  const q = liveOutput.cursor ? `?cursor=${enc(liveOutput.cursor)}` : '';
  const page = await api(`/runs/${enc(runId)}/logs${q}`);
  for (const p of page.parts) liveOutput.text += p.text;
  liveOutput.cursor = page.cursor ?? liveOutput.cursor;
  return liveOutput.text;
}

/**
 * A fleet-mode parent's child runs as nested lists: key, job, status and a link to each child's
 * own run page (a child may be a fleet parent itself).
 */
function fleetList(/** @type {any} */ tree) {
  const items = tree.children.map(
    (/** @type {any} */ c) =>
      `<li>${h(c.key)} <a href="#/run/${enc(c.run_id)}">${h(c.job_id)}</a> ${badge(c.status)}` +
      `${c.error ? ` <code>${h(c.error)}</code>` : ''}${c.fleet ? fleetList(c.fleet) : ''}</li>`,
  );
  return `<ul class="fleet-children">${items.join('')}</ul>`;
}

/** One run: timeline, children, live output while it runs, outputs once uploaded. */
async function runView(/** @type {string} */ runId) {
  const found = await api(`/runs/${enc(runId)}`).catch((/** @type {Error} */ err) => {
    // Just dispatched: the audit logger records the run within a moment.
    if (err.message.startsWith('NOT_FOUND')) return undefined;
    throw err;
  });
  if (!found)
    return {
      html: `<h2>Run <code>${h(runId)}</code></h2><p class="hint">waiting for the run to be recorded…</p>`,
      live: true,
    };
  const { run, children, outputs, fleet } = found;
  const texts = await Promise.all(
    outputs.map(async (/** @type {any} */ o) => ({
      ...o,
      text: (await api(`/runs/${enc(runId)}/outputs/${enc(o.name)}`)).text,
    })),
  );
  const log = (run.log ?? [])
    .map(
      (/** @type {any} */ e) =>
        `<tr><td>${h(e.ts_event)}</td><td>${badge(e.status)}</td><td><code>${h(JSON.stringify(e.info))}</code></td></tr>`,
    )
    .join('');
  const kids = children.map((/** @type {any} */ c) => `<li>${h(c.job_id)} ${badge(c.status)}</li>`).join('');
  const fleetTree = fleet ? fleetList(fleet) : '';
  const logs = texts.map((o) => `<h4>${h(o.name)}</h4><pre class="output">${h(o.text)}</pre>`).join('');
  const done = TERMINAL.includes(run.status);
  // While the run goes on (no outputs yet), its processes' output as the worker ships it.
  const live = outputs.length ? '' : await followOutput(runId);
  const retry = ['failed', 'rejected', 'action_failed'].includes(run.status)
    ? `<button id="retry" data-run="${h(runId)}">Retry</button>`
    : '';
  return {
    html:
      `<h2>Run <code>${h(runId)}</code></h2><p>Job <a href="#/runs?job_id=${enc(run.job_id)}">${h(run.job_id)}</a> ` +
      `<span id="run-status">${badge(run.status)}</span> ${retry}</p>` +
      `<h3>Timeline</h3><table id="timeline"><thead><tr><th>Time</th><th>Event</th><th>Info</th></tr></thead><tbody>${log}</tbody></table>` +
      (kids ? `<h3>Children</h3><ul id="children">${kids}</ul>` : '') +
      (fleetTree
        ? `<h3>Child runs <span class="hint">(fleet, ${h(fleet.policy)}, concurrency ${h(fleet.concurrency)})</span></h3>${fleetTree}`
        : '') +
      (live ? `<h3>Live output</h3><pre class="output" id="live-output">${h(live)}</pre>` : '') +
      `<h3>Logs and outputs</h3><div id="outputs">${logs || `<p class="hint">${done ? 'no outputs' : 'the worker uploads outputs when the run ends…'}</p>`}</div>`,
    live: !done || outputs.length === 0,
  };
}

/** Jobs with their next fires; dispatchers with pause/resume. */
async function jobsView() {
  const [jobs, schedules] = await Promise.all([api('/jobs?limit=500'), api('/schedules?limit=500')]);
  /** @type {Map<string, any>} */
  const next = new Map(schedules.items.map((/** @type {any} */ s) => [s.job_id, s]));
  const paused = new Set(schedules.paused.map((/** @type {any} */ p) => p.dispatcher));
  const dispatchers = [
    ...new Set([...schedules.items.map((/** @type {any} */ s) => s.dispatcher), ...paused]),
  ];
  const rows = jobs.items
    .map((/** @type {any} */ j) => {
      const s = next.get(j.job_id);
      const fire = s ? `${h(s.next[0]?.utc ?? '—')}${s.paused ? ' (paused)' : ''}` : '';
      return `<tr><td><a href="#/runs?job_id=${enc(j.job_id)}">${h(j.job_id)}</a></td><td>${h(j.type)}</td><td>${h(j.worker)}</td><td>${h(j.dispatcher)}</td><td>${fire}</td><td><a href="#/dispatch?job_id=${enc(j.job_id)}">dispatch</a></td></tr>`;
    })
    .join('');
  const disp = dispatchers
    .map(
      (d) =>
        `<li>${h(d)} ${paused.has(d) ? '<b>paused</b>' : 'running'} <button data-dispatcher="${h(d)}" data-op="${paused.has(d) ? 'resume' : 'pause'}">${paused.has(d) ? 'Resume' : 'Pause'}</button></li>`,
    )
    .join('');
  return {
    html:
      `<h2>Jobs</h2><table id="jobs"><thead><tr><th>Job</th><th>Type</th><th>Worker</th><th>Dispatcher</th><th>Next fire (UTC)</th><th></th></tr></thead><tbody>${rows}</tbody></table>` +
      `<h3>Dispatchers</h3><ul id="dispatchers">${disp || '<li>none</li>'}</ul>`,
    live: false,
  };
}

async function dispatchView(/** @type {URLSearchParams} */ q) {
  const jobs = await api('/jobs?limit=500');
  const options = jobs.items
    .map(
      (/** @type {any} */ j) =>
        `<option ${j.job_id === q.get('job_id') ? 'selected' : ''}>${h(j.job_id)}</option>`,
    )
    .join('');
  return {
    html:
      `<h2>Dispatch a job</h2><form id="dispatch" class="stack"><label>Job <select name="job_id">${options}</select></label>` +
      `<label>Parameters (JSON) <textarea name="parameters">{}</textarea></label>` +
      `<label>Globals (JSON) <textarea name="globals">{}</textarea></label>` +
      `<label>Delay <input name="delay" placeholder="0, 90s, 5m"></label><button>Dispatch</button></form>`,
    live: false,
  };
}

async function queuesView() {
  const { items } = await api('/queues');
  const rows = items
    .map(
      (/** @type {any} */ q) =>
        `<tr><td>${h(q.queue)}</td><td>${h(q.kind)}</td><td>${q.visible}</td><td>${q.in_flight}</td><td>${q.delayed}</td><td>${q.dead_letter ?? '—'}</td></tr>`,
    )
    .join('');
  return {
    html: `<h2>Queues</h2><table id="queues"><thead><tr><th>Queue</th><th>Kind</th><th>Waiting</th><th>In flight</th><th>Delayed</th><th>Dead letters</th></tr></thead><tbody>${rows}</tbody></table>`,
    live: true,
  };
}

/** Renders the route; live views re-render every POLL_MS while they stay shown. */
async function render() {
  clearTimeout(timer);
  const [path, search] = (location.hash.slice(1) || '/runs').split('?');
  const q = new URLSearchParams(search);
  const route = path ?? '/runs';
  try {
    const view = route.startsWith('/run/')
      ? await runView(decodeURIComponent(route.slice(5)))
      : route === '/jobs'
        ? await jobsView()
        : route === '/dispatch'
          ? await dispatchView(q)
          : route === '/queues'
            ? await queuesView()
            : await runsView(q);
    if (location.hash.slice(1).split('?')[0] !== route && location.hash) return;
    $('error').hidden = true;
    $('view').innerHTML = view.html;
    if (view.live) timer = window.setTimeout(render, POLL_MS);
  } catch (err) {
    showError(err);
    // A passing failure (a restart, a timeout) must not freeze a live page: try again later.
    if ($('login').hidden) timer = window.setTimeout(render, POLL_MS * 2);
  }
}

/** Form submissions and buttons (delegated: views are re-rendered). */
async function onSubmit(/** @type {SubmitEvent} */ ev) {
  const form = /** @type {HTMLFormElement} */ (ev.target);
  ev.preventDefault();
  const data = new FormData(form);
  try {
    if (form.id === 'login') {
      sessionStorage.setItem('lava-token', String(data.get('token') ?? $('token').value));
      form.hidden = true;
      await whoami();
      await render();
    } else if (form.id === 'filter') {
      const q = new URLSearchParams();
      for (const [k, v] of data) if (v) q.set(k, String(v));
      location.hash = `#/runs?${q}`;
    } else if (form.id === 'dispatch') {
      const body = {
        parameters: JSON.parse(String(data.get('parameters') || '{}')),
        globals: JSON.parse(String(data.get('globals') || '{}')),
        ...(data.get('delay') ? { delay: String(data.get('delay')) } : {}),
      };
      const out = await api(`/jobs/${enc(String(data.get('job_id')))}/dispatch`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      location.hash = `#/run/${enc(out.run_id)}`;
    }
  } catch (err) {
    showError(err);
  }
}

async function onClick(/** @type {MouseEvent} */ ev) {
  const el = /** @type {HTMLElement} */ (ev.target);
  try {
    if (el.id === 'retry') {
      const out = await api(`/runs/${enc(String(el.dataset.run))}/retry`, { method: 'POST', body: '{}' });
      location.hash = `#/run/${enc(out.run_id)}`;
    } else if (el.dataset.dispatcher) {
      await api(`/dispatchers/${enc(el.dataset.dispatcher)}/${el.dataset.op}`, {
        method: 'POST',
        body: '{}',
      });
      await render();
    }
  } catch (err) {
    showError(err);
  }
}

async function whoami() {
  const me = await api('/whoami');
  $('realm').textContent = `realm ${me.realm}`;
  $('who').textContent = `${me.name} (${me.role})`;
}

document.addEventListener('submit', (ev) => void onSubmit(ev));
document.addEventListener('click', (ev) => void onClick(ev));
window.addEventListener('hashchange', () => void render());
whoami().then(render, showError);
