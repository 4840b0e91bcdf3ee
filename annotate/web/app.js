// stance annotate: the page. User data (comments, metadata, names, the
// codebook) only ever reaches the DOM through textContent and attribute
// values: nothing is ever parsed as HTML.
(function () {
  'use strict';

  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const nameKey = 'stance-annotator';

  const st = {
    config: null,
    name: '',
    view: 'annotate',
    item: null,        // the item shown
    selection: {},     // column -> label
    mode: 'queue',     // queue: the next item to label; history: revising an earlier one
    queueItem: null,   // the queue item to return to from the history
    queue: null,       // {position, length} of the queue item in this session's queue
    unsure: false,     // the unsure mark of the item shown

    histIndex: -1,     // index into history while mode is history
    history: [],       // oldest first
    state: null,
    busy: false,
    lastVersion: -1,
  };

  const $ = (id) => document.getElementById(id);

  // el builds an element; text children become text nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== false && v != null) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c == null) continue;
      e.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  function show(e, on) { e.classList.toggle('hidden', !on); }

  class APIError extends Error {
    constructor(status, msg) { super(msg); this.status = status; }
  }

  // api calls the server; the annotator's name goes with every request,
  // in the query of a GET and in the body of a POST.
  async function api(path, body) {
    const opts = { credentials: 'same-origin', headers: {} };
    if (st.name && body === undefined && !path.includes('annotator=')) {
      path += (path.includes('?') ? '&' : '?') + new URLSearchParams({ annotator: st.name }).toString();
    }
    if (st.name && body !== undefined && body.annotator === undefined) {
      body = Object.assign({ annotator: st.name }, body);
    }
    if (body !== undefined) {
      opts.method = 'POST';
      opts.headers['Content-Type'] = 'application/json';
      opts.headers['X-CSRF-Token'] = csrf;
      opts.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, opts);
    } catch (err) {
      throw new APIError(0, 'the server does not answer (is stance annotate still running?)');
    }
    let data = null;
    try { data = await res.json(); } catch (err) { /* not JSON */ }
    if (!res.ok) {
      if (res.status === 403 && body !== undefined) {
        // A restarted server has a new CSRF token: the page must reload.
        setStatus('The server was restarted: reloading the page…', 'error');
        setTimeout(() => location.reload(), 1200);
      }
      throw new APIError(res.status, (data && data.error) || res.statusText);
    }
    return data;
  }

  function q(params) {
    return '?' + new URLSearchParams(params).toString();
  }

  function setStatus(msg, kind) {
    const s = $('status');
    s.textContent = msg;
    s.className = 'status ' + (kind || '');
  }

  function notice(msg) {
    $('notice').textContent = msg || '';
    show($('notice'), !!msg);
  }

  // --- annotator name ---------------------------------------------------

  function askName() {
    show($('name-dialog'), true);
    const input = $('name-input');
    input.value = st.name;
    input.focus();
  }

  $('name-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = $('name-input').value.trim();
    if (!name) return;
    localStorage.setItem(nameKey, name);
    show($('name-dialog'), false);
    $('name-input').blur();
    if (name !== st.name) {
      st.name = name;
      st.mode = 'queue';
      st.queueItem = null;
      start();
    }
  });

  $('who').addEventListener('click', askName);

  // --- rendering the item -----------------------------------------------

  function pct(p) { return Math.round(p * 100) + '%'; }

  function showItem(item, mode, selection) {
    st.item = item;
    st.mode = mode;
    show($('empty'), !item);
    show($('item'), !!item);
    show($('actions'), !!item);
    $('columns').replaceChildren();
    if (!item) return;
    // The place in this session's queue, not in the file: the file
    // position says nothing about how much work is left.
    const q = st.queue;
    $('item-pos').textContent = mode === 'history' ? 'from your history'
      : (q && st.queueItem && st.queueItem.id === item.id) ? q.position + ' of ' + q.length + " in this session's queue"
      : 'back in your queue';
    $('item-pos').title = 'row ' + item.position + ' of ' + st.config.total + ' in the file';
    $('item-id').textContent = item.id;
    const badges = [];
    if (mode === 'history') badges.push(el('span', { class: 'badge hist', text: 'history' }));
    if (item.mine && item.mine.status === 'skip') badges.push(el('span', { class: 'badge', text: 'skipped' }));
    if (item.mine && item.mine.status === 'label') badges.push(el('span', { class: 'badge ok', text: 'labelled' }));
    if (item.needed > 1) badges.push(el('span', { class: 'badge two', text: 'double: ' + item.labelled_by + '/' + item.needed + ' annotators' }));
    if (item.mine && item.mine.unsure) badges.push(el('span', { class: 'badge warn', text: 'unsure' }));
    $('item-badges').replaceChildren(...badges);
    $('item-meta').replaceChildren(...item.meta.filter((f) => f.value !== '').flatMap((f) => [
      el('dt', { text: f.name }), el('dd', { text: f.value }),
    ]));
    $('item-text').textContent = item.text;

    st.selection = {};
    if (selection) {
      Object.assign(st.selection, selection);
    } else if (item.mine && item.mine.labels) {
      Object.assign(st.selection, item.mine.labels);
    } else if (item.suggestions && item.suggest === 'preselect') {
      // Only when the session asks for it (-suggest preselect): a
      // pre-selected label anchors the annotator, and Enter would save it.
      for (const [col, s] of Object.entries(item.suggestions)) st.selection[col] = s.label;
    }
    setUnsure(!!(item.mine && item.mine.unsure));
    $('note').value = (item.mine && item.mine.note) || '';
    renderColumns();
    renderHistory();
    setStatus('');
  }

  function renderColumns() {
    const item = st.item;
    const groups = st.config.columns.map((col) => {
      const sug = item.suggestions && item.suggestions[col.name];
      let why = 'no suggestion';
      if (item.suggest === 'hide') {
        why = item.needed > 1 ? 'no suggestion: this item is labelled by two people, each on their own' : 'suggestions hidden';
      }
      const head = el('div', { class: 'col-head' },
        el('h3', { text: col.name }),
        sug ? el('span', { class: 'muted suggestion', text: 'model: ' + sug.label + ' · ' + pct(sug.confidence) })
            : el('span', { class: 'muted suggestion', text: why }));
      const buttons = col.labels.map((label, k) => {
        const key = col.keys[k];
        const selected = st.selection[col.name] === label;
        const suggested = sug && sug.label === label;
        const b = el('button', {
          type: 'button',
          class: 'label' + (selected ? ' selected' : '') + (suggested ? ' suggested' : ''),
          'aria-pressed': selected ? 'true' : 'false',
          'data-column': col.name,
          'data-label': label,
          title: key ? 'key ' + key : 'no key: click',
          onclick: () => select(col.name, label),
        },
        key ? el('kbd', { text: key }) : null,
        el('span', { class: 'name', text: label }));
        if (sug) {
          const p = sug.probs[k];
          b.append(el('span', { class: 'prob', text: pct(p) }));
          const bar = el('span', { class: 'pbar' });
          bar.style.width = (p * 100).toFixed(1) + '%';
          b.append(bar);
        }
        return b;
      });
      return el('div', { class: 'column' }, head, el('div', { class: 'labels' }, buttons));
    });
    $('columns').replaceChildren(...groups);
  }

  function select(col, label) {
    st.selection[col] = label;
    renderColumns();
  }

  function setUnsure(on) {
    st.unsure = on;
    $('unsure').checked = on;
  }

  // --- actions ------------------------------------------------------------

  async function save() {
    if (!st.item || st.busy) return;
    const missing = st.config.columns.filter((c) => !st.selection[c.name]).map((c) => c.name);
    if (missing.length) {
      setStatus('Choose a label for ' + missing.join(' and ') + ' first.', 'error');
      return;
    }
    st.busy = true;
    setStatus('saving…', 'pending');
    try {
      const res = await api('/api/label', { annotator: st.name, id: st.item.id, labels: st.selection, unsure: st.unsure, note: $('note').value });
      flash('saved ✓ ' + st.item.id + ' (#' + res.seq + ')');
      await afterAction();
    } catch (err) {
      setStatus('Not saved: ' + err.message, 'error');
    } finally {
      st.busy = false;
    }
  }

  async function skip() {
    if (!st.item || st.busy) return;
    if (st.mode === 'history' || (st.item.mine && st.item.mine.status)) {
      await backToQueue();
      return;
    }
    st.busy = true;
    setStatus('skipping…', 'pending');
    try {
      await api('/api/skip', { annotator: st.name, id: st.item.id, note: $('note').value });
      flash('skipped ' + st.item.id + ' ✓');
      await afterAction();
    } catch (err) {
      setStatus('Not skipped: ' + err.message, 'error');
    } finally {
      st.busy = false;
    }
  }

  async function undo() {
    if (st.busy) return;
    st.busy = true;
    setStatus('undoing…', 'pending');
    try {
      const res = await api('/api/undo', { annotator: st.name });
      const item = await api('/api/item' + q({ annotator: st.name, id: res.undone.id }));
      await refreshSide();
      st.histIndex = -1;
      // The undone item is back in the queue: show it with the labels
      // just taken back, so that a slip can be fixed with one key.
      showItem(item, 'queue', res.undone.labels || null);
      flash('undone: ' + res.undone.op + ' of ' + res.undone.id);
    } catch (err) {
      setStatus(err.status === 409 ? 'Nothing to undo.' : 'Not undone: ' + err.message, 'error');
    } finally {
      st.busy = false;
    }
  }

  // flash keeps a status message across the redraw of the next item.
  let flashMsg = '';
  function flash(msg) { flashMsg = msg; }

  async function afterAction() {
    st.queueItem = null;
    st.histIndex = -1;
    await refreshSide();
    await loadNext();
  }

  async function loadNext() {
    const res = await api('/api/next' + q({ annotator: st.name }));
    st.queueItem = res.item;
    st.queue = res.queue;
    st.histIndex = -1;
    showItem(res.item, 'queue');
    if (flashMsg) { setStatus(flashMsg, 'ok'); flashMsg = ''; }
  }

  async function backToQueue() {
    st.histIndex = -1;
    if (st.queueItem) {
      const item = await api('/api/item' + q({ annotator: st.name, id: st.queueItem.id }));
      if (!item.mine) { showItem(item, 'queue'); return; }
    }
    await loadNext();
  }

  async function openHistory(index) {
    if (index < 0 || index >= st.history.length) return;
    if (st.mode === 'queue') st.queueItem = st.item;
    st.histIndex = index;
    try {
      const item = await api('/api/item' + q({ annotator: st.name, id: st.history[index].id }));
      showItem(item, 'history');
    } catch (err) {
      setStatus(err.message, 'error');
    }
  }

  async function older() {
    if (!st.history.length) return;
    const i = st.mode === 'history' ? st.histIndex - 1 : st.history.length - 1;
    if (i >= 0) await openHistory(i);
  }

  async function newer() {
    if (st.mode !== 'history') return;
    if (st.histIndex + 1 < st.history.length) await openHistory(st.histIndex + 1);
    else await backToQueue();
  }

  // --- side panel: progress, history, counts --------------------------

  async function refreshSide() {
    const [state, hist] = await Promise.all([
      api('/api/state' + q({ annotator: st.name })),
      api('/api/history' + q({ annotator: st.name })),
    ]);
    st.history = hist.history;
    renderState(state);
    renderHistory();
  }

  function renderState(s) {
    st.state = s;
    $('progress-text').textContent = s.done + ' / ' + s.total + ' done';
    $('progress-fill').style.width = (s.total ? 100 * s.done / s.total : 0).toFixed(1) + '%';
    const me = s.me;
    $('me').textContent = me
      ? me.labelled + ' labelled · ' + me.skipped + ' skipped · ' + me.remaining + ' left in your queue'
      : '';
    const m = s.model;
    let txt;
    if (m.training) txt = 'retraining…';
    else if (m.suggests) txt = 'model v' + m.version + (m.source === 'retrained' ? ' · ' + m.trained_on + ' items' : ' · initial');
    else txt = 'no model yet';
    $('model-status').textContent = txt;
    $('model-status').title = m.note || (m.labels_since + ' labels since the last retrain');
    $('model-status').classList.toggle('warn', !!m.note);
    $('retrain').disabled = m.training;
    const pill = $('dis-count');
    pill.textContent = String(s.disputed);
    show(pill, s.disputed > 0);
    renderCounts(s.counts);
    if (m.training) scheduleStatePoll(1500);
    if (st.lastVersion >= 0 && m.version !== st.lastVersion && !m.training) {
      notice('');
      setStatus('Model v' + m.version + ' is in: new suggestions from the next item on.', 'ok');
    }
    st.lastVersion = m.version;
  }

  let pollTimer = null;
  function scheduleStatePoll(ms) {
    if (pollTimer) return;
    pollTimer = setTimeout(async () => {
      pollTimer = null;
      try {
        renderState(await api('/api/state' + q({ annotator: st.name })));
      } catch (err) { /* shown on the next action */ }
    }, ms);
  }

  function renderCounts(counts) {
    const blocks = st.config.columns.map((col) => {
      const c = counts[col.name] || {};
      const max = Math.max(1, ...col.labels.map((l) => c[l] || 0));
      return el('div', { class: 'count-col' },
        el('h3', { text: col.name }),
        col.labels.map((l) => {
          const bar = el('span', { class: 'cbar' });
          bar.style.width = (100 * (c[l] || 0) / max).toFixed(1) + '%';
          return el('div', { class: 'count-row' },
            el('span', { class: 'cname', text: l }),
            el('span', { class: 'ctrack' }, bar),
            el('span', { class: 'cnum', text: String(c[l] || 0) }));
        }));
    });
    $('counts').replaceChildren(...blocks);
  }

  function renderHistory() {
    const items = st.history.map((h, i) => {
      const current = st.mode === 'history' && i === st.histIndex;
      const labels = (h.status === 'skip' ? 'skipped'
        : st.config.columns.map((c) => h.labels[c.name]).join(' · ')) + (h.unsure ? ' · unsure' : '') + (h.note ? ' · note' : '');
      return el('li', { class: current ? 'current' : '' },
        el('button', { type: 'button', class: 'hist-entry', onclick: () => openHistory(i) },
          el('span', { class: 'hist-top' },
            el('span', { class: 'item-id', text: h.id }),
            el('span', { class: 'hist-labels' + (h.status === 'skip' ? ' muted' : ''), text: labels })),
          el('span', { class: 'hist-snippet muted', text: h.snippet })));
    }).reverse();
    if (!items.length) items.push(el('li', { class: 'muted empty-hist', text: 'Nothing labelled yet.' }));
    $('history').replaceChildren(...items);
  }

  // --- codebook -------------------------------------------------------

  // inline renders `code` and **bold** as elements; all else is text.
  function inline(text) {
    const out = [];
    const re = /(`[^`]+`|\*\*[^*]+\*\*)/g;
    let last = 0;
    for (const m of text.matchAll(re)) {
      if (m.index > last) out.push(text.slice(last, m.index));
      const t = m[0];
      out.push(t[0] === '`' ? el('code', { text: t.slice(1, -1) }) : el('strong', { text: t.slice(2, -2) }));
      last = m.index + t.length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  // markdown renders a small subset (headings, paragraphs, lists, tables)
  // by building elements; no markup in the source is ever interpreted.
  function markdown(src) {
    const out = [];
    const lines = src.replace(/\r\n/g, '\n').split('\n');
    let para = [];
    let list = null;
    const flush = () => {
      if (para.length) out.push(el('p', {}, inline(para.join(' '))));
      para = [];
      list = null;
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const t = line.trim();
      let m;
      if (!t) { flush(); continue; }
      if ((m = /^(#{1,6})\s+(.*)$/.exec(t))) {
        flush();
        out.push(el('h' + Math.min(6, m[1].length + 2), {}, inline(m[2])));
      } else if (t.startsWith('|')) {
        flush();
        const rows = [];
        for (; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push(lines[i].trim());
        i--;
        const cells = (r) => r.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
        const body = rows.filter((r) => !/^\|[\s:|-]+\|?$/.test(r));
        const [head, ...rest] = body;
        out.push(el('table', { class: 'grid md' },
          el('thead', {}, el('tr', {}, cells(head).map((c) => el('th', {}, inline(c))))),
          el('tbody', {}, rest.map((r) => el('tr', {}, cells(r).map((c) => el('td', {}, inline(c))))))));
      } else if ((m = /^([-*]|\d+\.)\s+(.*)$/.exec(t))) {
        if (para.length) { out.push(el('p', {}, inline(para.join(' ')))); para = []; }
        const ordered = /\d/.test(m[1][0]);
        if (!list || list.ordered !== ordered) {
          list = { ordered, node: el(ordered ? 'ol' : 'ul') };
          out.push(list.node);
        }
        list.node.append(el('li', {}, inline(m[2])));
      } else if (list && /^\s/.test(line)) {
        list.node.lastChild.append(' ', ...inline(t));
      } else {
        list = null;
        para.push(t);
      }
    }
    flush();
    return out;
  }

  function toggleCodebook(on) {
    const cb = $('codebook');
    const visible = on === undefined ? cb.classList.contains('hidden') : on;
    show(cb, visible);
    document.body.classList.toggle('with-codebook', visible);
  }

  $('codebook-toggle').addEventListener('click', () => toggleCodebook());
  $('codebook-close').addEventListener('click', () => toggleCodebook(false));

  // --- views: agreement and disagreements -------------------------------

  function fmt(x) { return x == null ? '–' : x.toFixed(3); }

  async function showView(view) {
    st.view = view;
    for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t.dataset.view === view);
    for (const v of ['annotate', 'stats', 'disagreements']) show($('view-' + v), v === view);
    if (view === 'annotate') return;
    try {
      const ag = await api('/api/agreement');
      if (view === 'stats') renderStats(ag);
      else renderDisagreements(ag);
    } catch (err) {
      notice(err.message);
    }
  }

  for (const t of document.querySelectorAll('.tab')) {
    t.addEventListener('click', () => showView(t.dataset.view));
  }

  function renderStats(ag) {
    $('annotators').replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { text: 'annotator' }), el('th', { class: 'num', text: 'labelled' }), el('th', { class: 'num', text: 'skipped' }))),
      el('tbody', {}, ag.annotators.map((a) => el('tr', {},
        el('td', { text: a.name }), el('td', { class: 'num', text: String(a.labelled) }), el('td', { class: 'num', text: String(a.skipped) })))));
    const pairs = ag.pairs.filter((p) => p.n > 0);
    show($('pairs-empty'), pairs.length === 0);
    show($('pairs'), pairs.length > 0);
    $('pairs').replaceChildren(
      el('thead', {}, el('tr', {}, ['annotators', 'column', 'items', 'kappa', 'agreement'].map((h, i) => el('th', { class: i > 1 ? 'num' : '', text: h })))),
      el('tbody', {}, pairs.map((p) => el('tr', {},
        el('td', { text: p.a + ' – ' + p.b }), el('td', { text: p.column }), el('td', { class: 'num', text: String(p.n) }),
        el('td', { class: 'num', text: fmt(p.kappa) }), el('td', { class: 'num', text: p.agreement == null ? '–' : pct(p.agreement) })))));
  }

  function renderDisagreements(ag) {
    show($('dis-empty'), ag.disagreements.length === 0);
    const cards = ag.disagreements.map((d) => {
      const chosen = {};
      for (const c of st.config.columns) chosen[c.name] = (d.final || d.votes[0].labels)[c.name];
      const votes = el('table', { class: 'grid' },
        el('thead', {}, el('tr', {}, el('th', { text: 'annotator' }), st.config.columns.map((c) => el('th', { text: c.name })))),
        el('tbody', {}, d.votes.map((v) => el('tr', {}, el('td', { text: v.annotator }),
          st.config.columns.map((c) => el('td', { text: v.labels[c.name] }))))));
      const selects = st.config.columns.map((c) => {
        const sel = el('select', { 'aria-label': 'final ' + c.name, onchange: (ev) => { chosen[c.name] = ev.target.value; } },
          c.labels.map((l) => el('option', { value: l, selected: l === chosen[c.name] }, l)));
        return el('label', { class: 'final' }, el('span', { text: c.name }), sel);
      });
      const status = el('span', { class: 'status' });
      // The server refuses a settlement by one of the item's annotators,
      // unless they are the only annotator there is; say so up front.
      const mine = d.votes.some((v) => v.annotator === st.name);
      const alone = ag.annotators.filter((a) => a.labelled > 0).every((a) => a.name === st.name);
      const barred = mine && !alone;
      const rule = barred
        ? el('p', { class: 'muted rule', text: 'You labelled this item: someone who did not label it must settle it.' })
        : mine ? el('p', { class: 'muted rule', text: 'You are the only annotator, so you settle your own item: no second opinion.' }) : null;
      const button = el('button', {
        type: 'button', class: 'primary', disabled: barred,
        onclick: async () => {
          try {
            await api('/api/adjudicate', { annotator: st.name, id: d.id, labels: chosen });
            status.textContent = 'saved ✓';
            status.className = 'status ok';
            await refreshSide();
            showView('disagreements');
          } catch (err) {
            status.textContent = 'Not saved: ' + err.message;
            status.className = 'status error';
          }
        },
      }, d.final ? 'Change final labels' : 'Save final labels');
      return el('article', { class: 'card dis' + (d.final ? ' resolved' : '') },
        el('div', { class: 'item-head' },
          el('span', { class: 'muted', text: '#' + d.position }),
          el('span', { class: 'item-id', text: d.id }),
          d.final ? el('span', { class: 'badge ok', text: 'adjudicated by ' + d.adjudicator }) : el('span', { class: 'badge warn', text: 'unresolved' })),
        el('div', { class: 'text small', text: d.text }),
        votes,
        rule,
        el('div', { class: 'adjudicate' }, selects, button, status));
    });
    $('disagreements').replaceChildren(...cards);
  }

  // --- keyboard -----------------------------------------------------------

  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (!$('name-dialog').classList.contains('hidden')) return;
    const tag = ev.target && ev.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    if (key === '?') { ev.preventDefault(); toggleCodebook(); return; }
    if (key === 'Escape') { toggleCodebook(false); return; }
    if (st.view !== 'annotate' || !st.config) return;
    switch (key) {
      case 'Enter': ev.preventDefault(); save(); return;
      case 's': ev.preventDefault(); skip(); return;
      case 'u': case 'Backspace': ev.preventDefault(); undo(); return;
      case '.': ev.preventDefault(); if (st.item) setUnsure(!st.unsure); return;
      case '/': ev.preventDefault(); return; // focuses the note on keyup, so that the / is not typed into it
      case '[': case 'ArrowLeft': ev.preventDefault(); older(); return;
      case ']': case 'ArrowRight': ev.preventDefault(); newer(); return;
    }
    if (!st.item) return;
    for (const col of st.config.columns) {
      const k = col.keys.indexOf(key);
      if (key !== '' && k >= 0) {
        ev.preventDefault();
        select(col.name, col.labels[k]);
        return;
      }
    }
  });

  document.addEventListener('keyup', (ev) => {
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || st.view !== 'annotate' || !st.item) return;
    if (!$('name-dialog').classList.contains('hidden')) return;
    const tag = ev.target && ev.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    $('note').focus();
  });

  $('save').addEventListener('click', save);
  // The checkbox gives focus back at once, so that the label keys work.
  $('unsure').addEventListener('change', (ev) => { st.unsure = ev.target.checked; ev.target.blur(); });
  $('note').addEventListener('keydown', (ev) => {
    // In the note, Enter saves and Escape goes back to the keys.
    if (ev.key === 'Enter') { ev.preventDefault(); $('note').blur(); save(); }
    if (ev.key === 'Escape') { ev.preventDefault(); $('note').blur(); }
  });
  $('skip').addEventListener('click', skip);
  $('undo').addEventListener('click', undo);
  $('retrain').addEventListener('click', async () => {
    try {
      const res = await api('/api/retrain', {});
      setStatus(res.started ? 'Retraining in the background…' : res.reason, 'ok');
      scheduleStatePoll(300);
    } catch (err) {
      setStatus('Not retrained: ' + err.message, 'error');
    }
  });

  // --- start ----------------------------------------------------------------

  async function start() {
    $('who').textContent = st.name;
    try {
      await refreshSide();
      await loadNext();
    } catch (err) {
      notice(err.message);
    }
  }

  async function init() {
    try {
      st.config = await api('/api/config');
    } catch (err) {
      notice(err.message);
      return;
    }
    $('codebook-body').replaceChildren(...(st.config.codebook ? markdown(st.config.codebook) : [el('p', { class: 'muted', text: 'No codebook given.' })]));
    st.name = localStorage.getItem(nameKey) || '';
    if (!st.name) {
      askName();
      return;
    }
    start();
  }

  init();
})();
