/**
 * The built-in dashboard served at `/` until the React UI lands: one HTML page, one script, one stylesheet.
 *
 * Nothing inline (the CSP forbids it). The token arrives in the URL fragment (`/#token=…`), which the
 * browser never sends to a server; the script moves it to sessionStorage and strips it from the address
 * bar. Every screen-derived string is attacker-controlled: it is set with textContent only, after control
 * and invisible format characters are replaced with a visible U+FFFD.
 */

/** The page shell. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tower</title>
<link rel="stylesheet" href="/dashboard.css">
</head>
<body>
<header><h1>Tower</h1><span id="status">connecting…</span></header>
<p id="lockdown" class="banner danger" hidden>LOCKDOWN engaged: Tower types nothing.</p>
<p id="mismatch" class="banner warn" hidden></p>
<p id="toast" class="banner" hidden></p>
<table>
<thead><tr><th>#</th><th>provider</th><th>title</th><th>agent</th><th>state</th><th>for</th><th>evidence</th><th>prompt's command</th></tr></thead>
<tbody id="sessions"></tbody>
</table>
<p id="empty" hidden>No sessions.</p>
<script src="/dashboard.js"></script>
</body>
</html>
`;

/** Minimal styling. */
export const DASHBOARD_CSS = `body{font:14px system-ui,sans-serif;margin:1rem 2rem;color:#222}
header{display:flex;gap:1rem;align-items:baseline}h1{font-size:1.3rem;margin:0}#status{color:#666}
table{border-collapse:collapse;width:100%;margin-top:1rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
td.cmd{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.banner{padding:.4rem .6rem;border-radius:4px;background:#eef}.warn{background:#fff3cd}.danger{background:#f8d7da}
.state-permission,.state-question{font-weight:bold;color:#a40}.state-error,.state-stalled{color:#b00}
`;

/** The dashboard's script: connects over WebSocket and renders each pushed snapshot. */
export const DASHBOARD_JS = `'use strict';
(() => {
  const TOKEN_KEY = 'tower.token';
  const $ = (id) => document.getElementById(id);
  // Control, invisible and bidi characters could hide or reorder what a command really says.
  const clean = (value) => String(value ?? '').replace(/[\\p{Cc}\\p{Cf}\\u2028\\u2029]/gu, '\\uFFFD');

  const readToken = () => {
    const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
    if (match) {
      try { sessionStorage.setItem(TOKEN_KEY, match[1]); } catch {}
      history.replaceState(null, '', location.pathname + location.search);
      return match[1];
    }
    try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
  };

  const duration = (since) => {
    const s = Math.max(0, Math.floor((Date.now() - since) / 1000));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    return Math.floor(s / 86400) + 'd';
  };

  const cell = (value, className) => {
    const td = document.createElement('td');
    td.textContent = clean(value);
    if (className) td.className = className;
    return td;
  };

  let last = null;
  const render = (snapshot) => {
    last = snapshot;
    $('lockdown').hidden = !snapshot.lockdown;
    const truth = snapshot.groundTruth;
    $('mismatch').hidden = truth.agreed;
    $('mismatch').textContent = 'Registry says ' + truth.registryCount + ', terminals say ' + truth.terminalCount + '.';
    const rows = snapshot.sessions.map((s) => {
      const tr = document.createElement('tr');
      const agent = s.agent ? s.agent.kind + (s.agent.version ? ' ' + s.agent.version : '') : '-';
      const command = s.prompt ? (s.prompt.subject ?? s.prompt.question) : '';
      tr.append(
        cell(s.number), cell(s.provider), cell(s.title + (s.gone ? ' (gone)' : '')), cell(agent),
        cell(s.state, 'state-' + clean(s.state)), cell(duration(s.stateSince)),
        cell(s.evidence.join('; ')), cell(command, 'cmd'),
      );
      return tr;
    });
    $('sessions').replaceChildren(...rows);
    $('empty').hidden = rows.length > 0;
  };

  const token = readToken();
  if (!token) {
    $('status').textContent = 'No token: open the link Tower printed (it ends in #token=…).';
    return;
  }
  let delay = 500;
  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(scheme + location.host + '/ws', ['tower.v1', 'tower.token.' + token]);
    ws.onopen = () => {
      delay = 500;
      $('status').textContent = 'live';
      ws.send(JSON.stringify({ id: 1, method: 'getSnapshot' }));
    };
    ws.onmessage = (message) => {
      const data = JSON.parse(message.data);
      if (data.event === 'snapshot') render(data.payload);
      else if (data.event === 'toast') {
        $('toast').hidden = false;
        $('toast').textContent = clean(data.payload.level + ': ' + data.payload.message);
      } else if (data.id === 1 && data.ok) render(data.result);
    };
    ws.onclose = () => {
      $('status').textContent = 'disconnected; retrying…';
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  };
  connect();
  setInterval(() => { if (last) render(last); }, 1000);
})();
`;
