/**
 * The demo page served at GET /: one self-contained HTML document (inline CSS
 * and JS, no external assets). It has a direction switch (en→es, es→en: `source`/`target`
 * of /translate; /?source=es&target=en preselects it). It posts to /translate with attention:true and
 * shows the n-best list, the attention matrix as a canvas heatmap (source tokens
 * across, target tokens down) and BLEU/chrF diagnostics against a pasted
 * reference (via /translate's `reference`, or /bleu for the current output).
 * The "Translate a file" box takes a dropped .po/.pot, .xlf/.xliff or i18next .json,
 * fills it with the catalog code of /catalog.js (src/catalog/, the CLI's code, bundled)
 * through /translate, lists the entries with their confidence and offers the download.
 *
 * The inline script avoids template literals on purpose: this file is itself a
 * template literal. `nonce` goes into the CSP header and both inline tags.
 */
import { DEFAULT_BEAM, DEFAULT_NBEST, MAX_BEAM } from '../limits.ts';

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fafafa; --muted: #667; --accent: #2563eb; --card: #fff; --bad: #b91c1c; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #111418; --muted: #9aa; --card: #1a1f26; --accent: #60a5fa; --bad: #f87171; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 980px; margin: 0 auto; padding: 1.2rem; }
h1 { font-size: 1.35rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p.sub { color: var(--muted); margin: 0 0 1rem; }
.card { background: var(--card); border: 1px solid #8883; border-radius: 8px; padding: .9rem; margin: .8rem 0; }
textarea, input, select { font: inherit; color: inherit; background: transparent; border: 1px solid #8886; border-radius: 6px; padding: .4rem; }
textarea { width: 100%; min-height: 4.5rem; resize: vertical; }
.row { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; margin-top: .6rem; }
label { display: flex; flex-direction: column; gap: .2rem; font-size: .85rem; color: var(--muted); }
input[type=number] { width: 5rem; }
button { font: inherit; padding: .45rem 1rem; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
button:disabled { opacity: .5; cursor: wait; }
.error { color: var(--bad); white-space: pre-wrap; }
.translation { font-size: 1.1rem; font-weight: 600; margin: .2rem 0 .5rem; }
ol.nbest { margin: .3rem 0; padding-left: 1.4rem; } ol.nbest li span.score { color: var(--muted); font-size: .8rem; margin-left: .5rem; font-variant-numeric: tabular-nums; }
canvas { max-width: 100%; display: block; margin-top: .5rem; }
pre { white-space: pre-wrap; font-size: .8rem; color: var(--muted); margin: .3rem 0 0; }
.metrics { font-variant-numeric: tabular-nums; }
.drop { display: block; border: 2px dashed #8886; border-radius: 8px; padding: 1rem; text-align: center; cursor: pointer; }
.drop.over { border-color: var(--accent); }
progress { width: 100%; }
table.entries { width: 100%; border-collapse: collapse; font-size: .85rem; margin-top: .6rem; }
table.entries th, table.entries td { text-align: left; border-bottom: 1px solid #8883; padding: .25rem .4rem; vertical-align: top; }
table.entries td.conf { font-variant-numeric: tabular-nums; white-space: nowrap; }
table.entries tr.low td.conf { color: var(--bad); font-weight: 600; }
table.entries tr.kept { color: var(--muted); }
a.download { display: inline-block; margin-top: .6rem; font-weight: 600; color: var(--accent); }
.suggest { margin-top: .5rem; } .suggest textarea { min-height: 2.5rem; margin: .3rem 0; } .origin { color: var(--muted); font-size: .8rem; }
`;

const SCRIPT = `
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var lines = function (s) { return s.split('\\n').map(function (l) { return l.trim(); }).filter(function (l) { return l.length > 0; }); };
  var lastHypotheses = [];

  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function headers() {
    var h = { 'Content-Type': 'application/json' };
    var token = $('token').value.trim();
    if (token) { h['Authorization'] = 'Bearer ' + token; sessionStorage.setItem('edge-mt-token', token); }
    return h;
  }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) {
          var e = data && data.error ? data.error : { code: 'http_' + res.status, message: res.statusText };
          throw new Error(e.code + ': ' + e.message);
        }
        return data;
      });
    });
  }
  function fmt(x, d) { return (Math.round(x * Math.pow(10, d)) / Math.pow(10, d)).toFixed(d); }

  function scoreBlock(scores, title) {
    var box = el('div', undefined, 'metrics');
    box.appendChild(el('strong', title + ': BLEU ' + fmt(scores.bleu.score, 1) + ' · chrF ' + fmt(scores.chrf.score, 1) + ' · chrF++ ' + fmt(scores.chrfPlusPlus.score, 1)));
    box.appendChild(el('pre', scores.lines.join('\\n')));
    return box;
  }

  function heatmap(att) {
    var src = att.sourceTokens, tgt = att.targetTokens, w = att.weights;
    var cell = Math.max(14, Math.min(34, Math.floor(640 / Math.max(1, src.length))));
    var ctx0 = document.createElement('canvas').getContext('2d');
    ctx0.font = '12px system-ui, sans-serif';
    var left = 10, top = 10;
    tgt.forEach(function (t) { left = Math.max(left, ctx0.measureText(t).width + 12); });
    src.forEach(function (s) { top = Math.max(top, ctx0.measureText(s).width + 12); });
    var canvas = document.createElement('canvas');
    var dpr = window.devicePixelRatio || 1;
    var width = left + cell * src.length + 4, height = top + cell * tgt.length + 4;
    canvas.width = width * dpr; canvas.height = height * dpr;
    canvas.style.width = width + 'px'; canvas.style.height = height + 'px';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'attention heatmap: ' + tgt.length + ' target tokens by ' + src.length + ' source tokens');
    var ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    ctx.font = '12px system-ui, sans-serif';
    var fg = getComputedStyle(document.body).color;
    for (var i = 0; i < tgt.length; i++) {
      for (var j = 0; j < src.length; j++) {
        var v = Math.max(0, Math.min(1, (w[i] && w[i][j]) || 0));
        ctx.fillStyle = 'rgba(37, 99, 235, ' + (0.06 + 0.94 * v) + ')';
        ctx.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1);
      }
    }
    ctx.fillStyle = fg;
    ctx.textBaseline = 'middle'; ctx.textAlign = 'right';
    tgt.forEach(function (t, i) { ctx.fillText(t, left - 6, top + i * cell + cell / 2); });
    src.forEach(function (s, j) {
      ctx.save(); ctx.translate(left + j * cell + cell / 2, top - 6); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'left'; ctx.fillText(s, 0, 0); ctx.restore();
    });
    return canvas;
  }

  // "Suggest a better translation": POST /feedback; a token holder's acceptance puts it in the memory.
  function suggestBox(t, model) {
    var box = el('details', undefined, 'suggest');
    box.appendChild(el('summary', 'Suggest a better translation'));
    var input = el('textarea');
    input.rows = 2; input.value = t.translation;
    input.setAttribute('aria-label', 'better translation of: ' + t.source);
    var send = el('button', 'Send suggestion');
    send.type = 'button';
    var status = el('span', '', 'score');
    status.setAttribute('role', 'status');
    send.addEventListener('click', function () {
      var correction = input.value.trim();
      if (!correction || correction === t.translation) { status.textContent = 'edit the translation first'; return; }
      send.disabled = true;
      post('/feedback', { source: t.source, translation: t.translation, correction: correction, model: model, context: $('context').value.trim() || undefined })
        .then(function (r) { status.textContent = r.duplicate ? 'already suggested (#' + r.feedback.id + ')' : 'thank you: saved as #' + r.feedback.id + ', used once accepted'; })
        .catch(function (e) { status.textContent = e.message; })
        .then(function () { send.disabled = false; });
    });
    box.appendChild(input); box.appendChild(send); box.appendChild(status);
    return box;
  }

  function render(data) {
    var out = $('results');
    out.textContent = '';
    lastHypotheses = data.translations.map(function (t) { return t.translation; });
    data.translations.forEach(function (t) {
      var card = el('section', undefined, 'card');
      card.appendChild(el('div', t.source));
      card.appendChild(el('div', t.translation, 'translation'));
      var ol = el('ol', undefined, 'nbest');
      t.nbest.forEach(function (h) {
        var li = el('li', h.text);
        li.appendChild(el('span', 'log p ' + fmt(h.score, 3) + ' · norm ' + fmt(h.normScore, 3) + (h.finished ? '' : ' · unfinished'), 'score'));
        ol.appendChild(li);
      });
      card.appendChild(ol);
      if (t.origin === 'memory') card.appendChild(el('div', 'from the translation memory (an accepted correction)', 'origin'));
      if (t.attention) card.appendChild(heatmap(t.attention));
      if (t.scores) card.appendChild(scoreBlock(t.scores, 'Sentence'));
      card.appendChild(suggestBox(t, data.model));
      out.appendChild(card);
    });
    if (data.scores) {
      var c = el('section', undefined, 'card');
      c.appendChild(scoreBlock(data.scores, 'Corpus'));
      out.appendChild(c);
    }
  }

  function busy(on) { $('go').disabled = on; $('score').disabled = on; }
  function showError(e) { $('error').textContent = String(e && e.message ? e.message : e); }

  $('form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('error').textContent = '';
    var text = lines($('text').value);
    var refs = lines($('reference').value);
    var pair = $('direction').value.split('-');
    var body = { text: text, source: pair[0], target: pair[1], beam: Number($('beam').value), nbest: Number($('nbest').value), attention: true };
    if (refs.length > 0) body.reference = refs;
    if ($('context').value.trim()) body.context = $('context').value.trim();
    busy(true);
    post('/translate', body).then(render).catch(showError).then(function () { busy(false); });
  });

  $('score').addEventListener('click', function () {
    $('error').textContent = '';
    var refs = lines($('reference').value);
    if (lastHypotheses.length === 0) { showError('translate something first'); return; }
    if (refs.length !== lastHypotheses.length) { showError('paste one reference line per translated line (' + lastHypotheses.length + ')'); return; }
    busy(true);
    post('/bleu', { hypotheses: lastHypotheses, references: refs }).then(function (s) {
      var box = $('bleu-result'); box.textContent = ''; box.appendChild(scoreBlock(s, 'Corpus'));
    }).catch(showError).then(function () { busy(false); });
  });

  // Translate a file: parse, fill through /translate and serialise with /catalog.js (window.EdgeMtCatalog).
  var downloadUrl = null;
  function renderFile(r) {
    $('file-summary').textContent = r.dialect + ': ' + r.filled + ' entries filled (marked for review), ' + r.kept + ' kept, ' + r.lowConfidence + ' low-confidence';
    var body = $('file-entries').tBodies[0];
    body.textContent = '';
    r.units.forEach(function (u) {
      var tr = el('tr', undefined, u.status === 'kept' ? 'kept' : (u.lowConfidence ? 'low' : ''));
      tr.appendChild(el('td', (u.context ? u.context + ' | ' : '') + u.key));
      tr.appendChild(el('td', u.sources.join(' / ')));
      tr.appendChild(el('td', u.status === 'kept' ? '(already translated: kept)' : u.forms.join(' / ')));
      tr.appendChild(el('td', u.confidence === undefined ? '—' : fmt(u.confidence, 2) + (u.lowConfidence ? ' low' : ''), 'conf'));
      body.appendChild(tr);
    });
    $('file-entries').hidden = false;
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([r.output], { type: r.mimeType }));
    var a = $('download');
    a.href = downloadUrl; a.download = r.outName; a.textContent = 'Download ' + r.outName; a.hidden = false;
  }
  function handleFile(file) {
    $('error').textContent = '';
    if (!file) return;
    if (!window.EdgeMtCatalog) { showError('the catalog code (/catalog.js) did not load'); return; }
    var progress = $('file-progress');
    progress.hidden = false; progress.value = 0; progress.max = 1;
    $('download').hidden = true; $('file-entries').hidden = true;
    $('file-summary').textContent = 'Translating ' + file.name + '…';
    file.arrayBuffer().then(function (buf) {
      return window.EdgeMtCatalog.translateFile({
        bytes: new Uint8Array(buf), name: file.name, token: $('token').value.trim() || undefined, beam: Number($('beam').value),
        onProgress: function (done, total) { progress.max = Math.max(1, total); progress.value = done; },
      });
    }).then(renderFile).catch(function (e) { $('file-summary').textContent = ''; showError(e); }).then(function () { progress.hidden = true; });
  }
  $('file').addEventListener('change', function () { handleFile($('file').files[0]); });
  var drop = $('drop');
  drop.addEventListener('dragover', function (ev) { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (ev) { ev.preventDefault(); drop.classList.remove('over'); handleFile(ev.dataTransfer.files[0]); });

  $('beam').addEventListener('input', function () { $('nbest').max = $('beam').value; });
  // The direction switch: swapping it also swaps the text with the current translation.
  $('direction').addEventListener('change', function () {
    $('text-label').textContent = $('direction').value === 'es-en' ? 'Spanish text' : 'English text';
    if (lastHypotheses.length > 0) { $('text').value = lastHypotheses.join('\\n'); lastHypotheses = []; $('results').textContent = ''; }
  });
  var saved = sessionStorage.getItem('edge-mt-token'); if (saved) $('token').value = saved;
  // Shareable links: /?text=…[&reference=…] fills the form and translates on load.
  var params = new URLSearchParams(location.search);
  if (params.get('source') && params.get('target')) $('direction').value = params.get('source') + '-' + params.get('target');
  if (params.get('text')) {
    $('text').value = params.get('text');
    if (params.get('reference')) $('reference').value = params.get('reference');
    $('form').requestSubmit();
  }
})();
`;

/** The page, with `nonce` on the inline style and script. */
export function renderPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edge-mt · English ⇄ Spanish</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
  <h1>edge-mt · English ⇄ Spanish</h1>
  <p class="sub">Attention Seq2Seq, int8, running on SIMD WebAssembly inside a Cloudflare Worker. One sentence per line.</p>
  <form id="form" class="card">
    <label id="text-label" for="text">English text</label>
    <textarea id="text" required>The cat is sleeping on the sofa.</textarea>
    <div class="row">
      <label>Direction <select id="direction"><option value="en-es" selected>English → Spanish</option><option value="es-en">Spanish → English</option></select></label>
      <label>Beam <input id="beam" type="number" min="1" max="${MAX_BEAM}" value="${DEFAULT_BEAM}"></label>
      <label>N-best <input id="nbest" type="number" min="1" max="${DEFAULT_BEAM}" value="${Math.max(DEFAULT_NBEST, 3)}"></label>
      <label>Context (optional) <input id="context" type="text" maxlength="200" placeholder="e.g. menu"></label>
      <label>API token (if required) <input id="token" type="password" autocomplete="off"></label>
      <button id="go" type="submit">Translate</button>
    </div>
    <h2>BLEU / chrF</h2>
    <label for="reference">Reference translation(s), one per line (optional)</label>
    <textarea id="reference" placeholder="El gato duerme en el sofá."></textarea>
    <div class="row"><button id="score" type="button">Score current output</button></div>
    <div id="bleu-result"></div>
  </form>
  <div id="error" class="error" role="alert"></div>
  <div id="results"></div>
  <section id="file-box" class="card">
    <h2>Translate a file</h2>
    <p class="sub">A gettext .po/.pot, XLIFF 1.2/2.0 or i18next .json file: untranslated entries are filled through /translate and marked for review; translated ones are kept.</p>
    <label id="drop" class="drop" for="file">Drop a file here, or choose one <input id="file" type="file" accept=".po,.pot,.xlf,.xliff,.json"></label>
    <progress id="file-progress" hidden></progress>
    <div id="file-summary" role="status"></div>
    <a id="download" class="download" hidden>Download</a>
    <table id="file-entries" class="entries" hidden><thead><tr><th>Entry</th><th>English</th><th>Spanish</th><th>Confidence</th></tr></thead><tbody></tbody></table>
  </section>
</main>
<script nonce="${nonce}" src="/catalog.js"></script>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
