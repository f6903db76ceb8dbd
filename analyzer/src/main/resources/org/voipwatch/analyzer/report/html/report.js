/* voipwatch HTML report: renders the JSON in #report-data. Vanilla JS, no network.
 * Data members: inputs[], capture{packets,bytes,first,last,firstUs,spanSeconds,flows,protocolClasses,
 * decodeAnomalies,events{total,critical,dropped,byTypeSeverity},handlerFailures,warnings[]},
 * matrix{name,description,roles[],rules[{id,from[],to[],service,app,ports,purpose,media,flows,answered,blocked,
 * packets,bytes,verdict}],unmatched}, unexpected[{srcRole,dstRole,proto,port,flows,packets}], events[] (event
 * JSON as in docs/events.md, the first eventsKeptMax), eventsLeftOut, eventsLeftOutByType{}, ladder (null when
 * not recorded) {maxCalls,maxMessages,callsNotRecorded,messagesDropped,otherMethods{},mediaTimeline{maxStreams,
 * maxBuckets,streams,packetsOfStreamsNotKept,packetsBeyondLastBucket,packetsBeforeCall,endpointsNotKept},
 * calls[{callId,from,to,messagesDropped,streams[{src,dst,ssrc,pt,clockRate,clockAssumed,originUs,packets[],
 * expected[],lost[],jitterMs[]}] (one entry per second since the call's first SIP message),msgs[{tUs,proto,src,dst,srcRole,dstRole,line,request,status,cseqMethod,retransmission,sdp}]}]}.
 * Event members of types still being built (call_summary, one_way_audio...) are read defensively. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var C = D.capture, M = D.matrix, EV = D.events || [];
  var T0 = C.firstUs || 0;
  var CALL_ROWS_MAX = 2000, EVENT_ROWS_MAX = 500, LADDER_MSGS_MAX = 200, CELL_CHIPS_MAX = 12, UNEXPECTED_ROWS_MAX = 300;

  function el(tag, attrs) {
    var e = document.createElement(tag), i, k;
    if (attrs) { for (k in attrs) { if (attrs[k] == null) continue;
      if (k === 'text') e.textContent = attrs[k]; else if (k === 'cls') e.className = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]); else e.setAttribute(k, attrs[k]); } }
    for (i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(e, c) {
    if (c == null || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(e, x); }); return; }
    e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  function $(id) { return document.getElementById(id); }
  function num(n) { return n == null ? '' : Number(n).toLocaleString('en-US'); }
  function bytes(b) { return b < 1e4 ? b + ' B' : b < 1e7 ? (b / 1e3).toFixed(1) + ' kB' : b < 1e10 ? (b / 1e6).toFixed(1) + ' MB' : (b / 1e9).toFixed(1) + ' GB'; }
  function isoUs(s) {
    if (!s || typeof s !== 'string') return null;
    var ms = Date.parse(s.slice(0, 19) + 'Z'); if (isNaN(ms)) return null;
    var m = /\.(\d+)Z$/.exec(s), f = m ? (m[1] + '000000').slice(0, 6) : '0';
    return ms * 1000 + parseInt(f, 10);
  }
  function rel(us) { return us == null ? '' : '+' + ((us - T0) / 1e6).toFixed(3) + ' s'; }
  function absIso(us) { return us == null ? '' : new Date(Math.floor(us / 1000)).toISOString().replace('Z', '') + String(us % 1000).padStart(3, '0') + 'Z'; }
  function pick(o, names) { for (var i = 0; i < names.length; i++) { if (o && o[names[i]] != null && o[names[i]] !== '') return o[names[i]]; } return null; }
  function ep(ip, port) { return ip == null ? '?' : (String(ip).indexOf(':') >= 0 ? '[' + ip + ']' : ip) + (port != null ? ':' + port : ''); }
  function flowText(e) { return e.src == null ? '' : ep(e.src, e.sport) + ' \u2192 ' + ep(e.dst, e.dport); }
  function roleText(e) { return e.srcRole || e.dstRole ? (e.srcRole || 'other') + ' \u2192 ' + (e.dstRole || 'other') : ''; }
  function vclass(v) { return v === 'answered' ? 'v-answered' : v === 'BLOCKED' ? 'v-blocked' : v === 'never exercised' ? 'v-never' : v === 'unanswered' ? 'v-unanswered' : 'v-partly'; }
  function flash(id) {
    var t = $(id); if (!t) return;
    t.scrollIntoView({ block: 'center' }); t.classList.add('hl');
    setTimeout(function () { t.classList.remove('hl'); }, 1600);
  }
  function sevOrder(s) { return s === 'critical' ? 0 : s === 'warning' ? 1 : 2; }

  EV.forEach(function (e) { e._us = isoUs(e.time); });
  function eventsOf(pred) { return EV.filter(pred); }
  function callIdOf(e) { return pick(e, ['callId', 'call_id', 'callID']); }
  var CALL_FINDINGS = { one_way_audio: 1, no_audio: 1, wrong_port_media: 1 };
  function isFinding(e) { return CALL_FINDINGS[e.type] || (e.type === 'blocked_flow' && e.reason === 'sip_unanswered'); }

  // ---------------------------------------------------------------- banner
  function banner() {
    var h = $('banner'), counts = C.events.byTypeSeverity || {}, byType = {}, crit = 0, warn = 0;
    Object.keys(counts).forEach(function (k) {
      var p = k.split('/'), t = p[0], s = p[1]; byType[t] = byType[t] || {}; byType[t][s] = counts[k];
      if (s === 'critical') crit += counts[k]; if (s === 'warning') warn += counts[k];
    });
    var calls = buildCalls();
    var callProblems = calls.filter(function (c) { return c.problem; }).length;
    var anomalies = 0; Object.keys(C.decodeAnomalies || {}).forEach(function (k) { anomalies += C.decodeAnomalies[k]; });
    h.className = crit ? 'v-crit' : warn || callProblems ? 'v-warn' : 'v-ok';
    h.textContent = '';
    var verdict = crit ? crit + ' critical problem' + (crit > 1 ? 's' : '') + (warn ? ', ' + warn + ' warning' + (warn > 1 ? 's' : '') : '')
      : warn ? warn + ' warning' + (warn > 1 ? 's' : '') + ', nothing critical' : 'No problems found';
    add(h, el('h1', null, 'voipwatch report \u2014 ' + D.inputs.map(function (p) { return p.split(/[\\/]/).pop(); }).join(', ')));
    add(h, el('div', { cls: 'verdict', id: 'verdict' }, verdict + (calls.length ? ' \u00b7 ' + calls.length + ' call' + (calls.length > 1 ? 's' : '') +
      (callProblems ? ' (' + callProblems + ' with problems)' : '') : '')));
    var facts = el('div', { cls: 'facts' });
    add(facts, [fact('matrix', M.name + ' (' + M.rules.length + ' rules, ' + M.roles.length + ' roles)'),
      fact('capture', C.first ? C.first.replace('T', ' ') + ' \u2192 ' + (C.last || '').replace('T', ' ') : 'no packets'),
      fact('span', Number(C.spanSeconds).toFixed(3) + ' s'), fact('packets', num(C.packets) + ' (' + bytes(C.bytes) + ')'),
      fact('flows', num(C.flows.tracked)), fact('events', num(C.events.total) + (C.events.dropped ? ' (' + num(C.events.dropped) + ' DROPPED)' : '')),
      fact('decode anomalies', num(anomalies)), C.warnings.length ? fact('warnings', C.warnings.length) : null]);
    add(h, facts);
    var pills = el('div', { cls: 'pills' });
    Object.keys(byType).sort().forEach(function (t) {
      Object.keys(byType[t]).sort(function (a, b) { return sevOrder(a) - sevOrder(b); }).forEach(function (s) {
        add(pills, el('a', { cls: 'pill ' + s, href: '#ev-' + t }, t.replace(/_/g, ' ') + ' \u00d7' + num(byType[t][s]) + ' ' + s));
      });
    });
    add(h, pills);
  }
  function fact(k, v) { return el('span', null, k + ' ', el('b', null, String(v))); }

  // ---------------------------------------------------------------- matrix grid
  function matrix() {
    var body = $('matrix-body'), base = M.roles.map(function (r) { return r.name; });
    var usedFrom = {}, usedTo = {};
    M.rules.forEach(function (r) { r.from.forEach(function (x) { usedFrom[x] = 1; }); r.to.forEach(function (x) { usedTo[x] = 1; }); });
    D.unexpected.forEach(function (u) { usedFrom[u.srcRole] = 1; usedTo[u.dstRole] = 1; });
    // the pseudo-roles get a row (column) only when a rule or an unexpected flow starts (ends) there
    var rows = base.concat(['any', 'other'].filter(function (x) { return usedFrom[x]; }));
    var cols = base.concat(['any', 'other'].filter(function (x) { return usedTo[x]; }));
    var blockedByRule = {};
    eventsOf(function (e) { return e.type === 'blocked_flow' && e.rule; }).forEach(function (e) {
      var m = blockedByRule[e.rule] = blockedByRule[e.rule] || {}; m[e.reason || '?'] = (m[e.reason || '?'] || 0) + 1;
    });
    if (M.description) add(body, el('p', null, el('b', null, M.name), ': ' + M.description));
    add(body, el('p', { cls: 'note' }, 'Each documented rule of matrix ', el('b', null, M.name),
      ' sits in the cell of its roles (from row, to column), coloured by what the capture showed; undocumented flows ' +
      'are purple. Click a chip for its evidence.'));
    add(body, el('div', { cls: 'legend' }, el('span', { cls: 'chip v-answered' }, 'answered'), el('span', { cls: 'chip v-blocked' }, 'blocked'),
      el('span', { cls: 'chip v-unanswered' }, 'unanswered / partly'), el('span', { cls: 'chip v-never' }, 'never exercised'),
      el('span', { cls: 'chip v-unexpected' }, 'unexpected (no rule)')));
    var t = el('table', { cls: 'grid', id: 'matrix-grid' }), hr = el('tr', null, el('th', { cls: 'corner' }, 'from \u2193 / to \u2192'));
    cols.forEach(function (r) { add(hr, el('th', null, r)); });
    add(t, el('thead', null, hr));
    var tb = el('tbody');
    rows.forEach(function (from) {
      var tr = el('tr', null, el('th', { cls: 'row' }, from));
      cols.forEach(function (to) {
        var td = el('td', { 'data-from': from, 'data-to': to, cls: from === to ? 'self' : null });
        M.rules.forEach(function (r) {
          if (r.from.indexOf(from) < 0 || r.to.indexOf(to) < 0) return;
          var b = blockedByRule[r.id], why = b ? ' (' + Object.keys(b).join(', ') + ')' : '';
          add(td, el('a', { cls: 'chip rule ' + vclass(r.verdict), 'data-rule': r.id, 'data-verdict': r.verdict, href: '#rule-' + r.id,
            title: r.id + ': ' + r.ports + ' \u2014 ' + r.verdict + why + ' \u2014 ' + num(r.flows) + ' flows',
            onclick: function (ev) { ev.preventDefault(); flash('rule-' + r.id); } },
            r.id + (r.verdict === 'BLOCKED' ? ' \u2716' : r.verdict === 'answered' ? ' \u2714' : '')));
        });
        var shown = 0, more = 0;
        D.unexpected.forEach(function (u, i) {
          if (u.srcRole !== from || u.dstRole !== to) return;
          if (++shown > CELL_CHIPS_MAX) { more++; return; }
          add(td, el('a', { cls: 'chip unexpected v-unexpected', href: '#unx-' + i, 'data-proto': u.proto, 'data-port': u.port,
            title: 'unexpected: ' + u.proto + ' ' + (u.port == null ? '' : u.port) + ' \u2014 ' + num(u.flows) + ' flows',
            onclick: function (ev) { ev.preventDefault(); flash('unx-' + i); } },
            u.proto + (u.port == null ? '' : ' ' + u.port) + (u.flows > 1 ? ' \u00d7' + num(u.flows) : '')));
        });
        if (more) add(td, el('a', { cls: 'chip v-unexpected', href: '#unexpected' }, '+' + num(more) + ' more'));
        add(tr, td);
      });
      add(tb, tr);
    });
    add(t, tb);
    add(body, el('div', { style: 'overflow-x:auto' }, t));

    add(body, el('h3', null, 'Rules and their coverage'));
    var rt = el('table', { id: 'rule-table' }, el('thead', null, el('tr', null, ['rule', 'from \u2192 to', 'service', 'purpose', 'flows', 'answered', 'blocked', 'packets', 'verdict']
      .map(function (h, i) { return el('th', { cls: i >= 4 && i < 8 ? 'n' : null }, h); }))));
    var rb = el('tbody');
    M.rules.forEach(function (r) {
      var b = blockedByRule[r.id], reasons = b ? Object.keys(b).map(function (k) { return k + ' \u00d7' + b[k]; }).join(', ') : '';
      add(rb, el('tr', { id: 'rule-' + r.id }, el('td', { cls: 'mono' }, r.id), el('td', null, r.from.join(',') + ' \u2192 ' + r.to.join(',')),
        el('td', null, r.service + ' (' + r.ports + ')'), el('td', null, r.purpose), el('td', { cls: 'n' }, num(r.flows)),
        el('td', { cls: 'n' }, num(r.answered)), el('td', { cls: 'n' }, num(r.blocked)), el('td', { cls: 'n' }, num(r.packets)),
        el('td', null, el('span', { cls: 'chip ' + vclass(r.verdict) }, r.verdict), reasons ? el('div', { cls: 'note' }, reasons) : null)));
    });
    add(rt, rb);
    add(body, rt);

    add(body, el('h3', { id: 'unexpected' }, 'Unexpected flows (no rule documents them)'));
    if (!D.unexpected.length) { add(body, el('p', { cls: 'ok' }, 'None: every flow matched a documented rule.')); return; }
    var ut = el('table', { id: 'unexpected-table' }, el('thead', null, el('tr', null, ['from \u2192 to', 'proto', 'port', 'flows', 'packets', 'first seen', 'example flow', 'outcome']
      .map(function (h, i) { return el('th', { cls: i >= 2 && i < 5 ? 'n' : null }, h); }))));
    var ub = el('tbody');
    D.unexpected.slice(0, UNEXPECTED_ROWS_MAX).forEach(function (u, i) {
      var evs = eventsOf(function (e) { return e.type === 'unexpected_flow' && (e.srcRole || 'other') === u.srcRole && (e.dstRole || 'other') === u.dstRole && e.proto === u.proto && (u.port == null || e.dport === u.port); });
      var first = evs.length ? evs.reduce(function (a, e) { return e._us != null && (a == null || e._us < a._us) ? e : a; }, null) : null;
      var blocked = first ? eventsOf(function (e) { return e.type === 'blocked_flow' && e.src === first.src && e.sport === first.sport && e.dst === first.dst && e.dport === first.dport && e.proto === first.proto; }) : [];
      add(ub, el('tr', { id: 'unx-' + i }, el('td', null, u.srcRole + ' \u2192 ' + u.dstRole), el('td', null, u.proto), el('td', { cls: 'n' }, u.port == null ? '' : u.port),
        el('td', { cls: 'n' }, num(u.flows)), el('td', { cls: 'n' }, num(u.packets)),
        el('td', { title: first ? first.time : '' }, first ? rel(first._us) : el('span', { cls: 'note' }, 'event not kept')),
        el('td', { cls: 'mono' }, first ? flowText(first) + (first.app ? ' (' + first.app + ')' : '') : ''),
        el('td', null, blocked.length ? el('span', { cls: 'bad' }, 'refused: ' + blocked.map(function (b) { return b.reason; }).join(', ')) : '')));
    });
    add(ut, ub);
    add(body, ut);
    if (D.unexpected.length > UNEXPECTED_ROWS_MAX) add(body, el('p', { cls: 'cap' }, 'The ' + UNEXPECTED_ROWS_MAX + ' largest of ' + num(D.unexpected.length) + ' groups are listed.'));
    if (D.unexpectedGroupsOverflow) add(body, el('p', { cls: 'cap' }, num(D.unexpectedGroupsOverflow) + ' unexpected flows fell outside the group table (bounded) and are not listed.'));
  }

  // ---------------------------------------------------------------- calls
  var CALLS = null;
  function buildCalls() {
    if (CALLS) return CALLS;
    var byId = {}, list = [];
    function get(id) { if (!byId[id]) { byId[id] = { callId: id, summary: null, findings: [], events: [], ladder: null }; list.push(byId[id]); } return byId[id]; }
    ((D.ladder && D.ladder.calls) || []).forEach(function (l) { get(l.callId).ladder = l; });
    EV.forEach(function (e) {
      var id = callIdOf(e); if (id == null) return;
      var c = get(String(id)); c.events.push(e);
      if (e.type === 'call_summary') c.summary = e;
      if (isFinding(e)) c.findings.push(e);
    });
    list.forEach(deriveCall);
    CALLS = list;
    return list;
  }
  function deriveCall(c) {
    var s = c.summary || {}, l = c.ladder, msgs = l ? l.msgs : [];
    var invite = msgs.filter(function (m) { return m.request && m.cseqMethod === 'INVITE' && /^INVITE /.test(m.line); })[0];
    var finals = msgs.filter(function (m) { return !m.request && m.cseqMethod === 'INVITE' && m.status >= 200 && !m.retransmission; });
    var ok = finals.filter(function (m) { return m.status < 300; })[0];
    var bye = msgs.filter(function (m) { return m.request && m.cseqMethod === 'BYE'; })[0];
    var cancel = msgs.filter(function (m) { return m.request && m.cseqMethod === 'CANCEL'; })[0];
    // call_summary is stamped at the end of the call: the start comes from the INVITE when it was recorded
    var first = invite || msgs[0], anyEv = c.events.filter(function (e) { return e._us != null; })[0];
    c.startUs = first ? first.tUs : isoUs(pick(s, ['startTime', 'start'])) || (anyEv ? anyEv._us : null);
    c.caller = pick(s, ['callerUser', 'caller', 'fromUser', 'from']) || (l && l.from) || '';
    c.callee = pick(s, ['calleeUser', 'callee', 'toUser', 'to']) || (l && l.to) || '';
    var dur = s.durationMs != null ? s.durationMs / 1000 : pick(s, ['durationSeconds', 'duration']);
    if (dur == null && ok) dur = ((bye ? bye.tUs : msgs[msgs.length - 1].tUs) - ok.tUs) / 1e6;
    c.duration = dur == null ? null : Number(dur);
    var fin = pick(s, ['finalStatus', 'status', 'sipStatus']), end = pick(s, ['endReason']);
    if (fin == null) {
      fin = finals.length ? finals[0].status : 0;
      end = finals.length ? (bye ? 'bye' : '') : cancel ? 'cancel' : '';
    }
    c.status = (Number(fin) > 0 ? String(fin) : 'no final response') + (end ? ' \u00b7 ' + end : '');
    var v = pick(s, ['verdict', 'outcome']);
    if (v == null) {
      var types = c.findings.map(function (f) { return f.type; });
      v = types.length ? types.filter(function (t, i) { return types.indexOf(t) === i; }).join(', ').replace(/_/g, ' ')
        : !l ? '' : ok ? 'answered' : finals.length ? 'failed' : 'unanswered';
    }
    c.verdict = String(v);
    // a summary verdict of "ok" can sit beside a finding (wrong-port media): say both
    c.findings.forEach(function (f) {
      var t = f.type === 'blocked_flow' ? f.reason : f.type;
      if (c.verdict.indexOf(t) < 0 && c.verdict.indexOf(t.replace(/_/g, ' ')) < 0) c.verdict += ' \u00b7 ' + t.replace(/_/g, ' ');
    });
    // a call is a problem when it has a media finding or its verdict is anything but a plain success
    c.problem = c.findings.length > 0 || (c.verdict !== '' && !/^(answered|ok|healthy|two.way|normal|completed)$/i.test(c.verdict));
    var mos = mosOf(s);
    c.mosFwd = mos[0]; c.mosRev = mos[1];
  }
  /** MOS per direction from call_summary (callerToCallee / calleeToCaller), else any members named like mos. */
  function mosOf(s) {
    var out = [null, null], found = [];
    if (s.callerToCallee || s.calleeToCaller) {
      return [s.callerToCallee ? pick(s.callerToCallee, ['mos']) : null, s.calleeToCaller ? pick(s.calleeToCaller, ['mos']) : null];
    }
    (function walk(o, path) {
      if (!o || typeof o !== 'object') return;
      Object.keys(o).forEach(function (k) {
        var v = o[k], p = path ? path + '.' + k : k;
        if (typeof v === 'number' && /mos/i.test(k)) found.push([p, v]);
        else if (v && typeof v === 'object') walk(v, p);
      });
    })(s, '');
    found.forEach(function (f) {
      var p = f[0].toLowerCase();
      if (/(rev|callee|backward|answer|b2a|toCaller)/i.test(p) && out[1] == null) out[1] = f[1];
      else if (out[0] == null) out[0] = f[1]; else if (out[1] == null) out[1] = f[1];
    });
    return out;
  }

  var sortKey = 'startUs', sortDir = 1;
  function calls() {
    var body = $('calls-body'), list = buildCalls();
    var L = D.ladder;
    if (!list.length) {
      add(body, el('p', { cls: 'note' }, L ? 'No INVITE dialog in this capture (' + num(L.sipMessages) + ' SIP messages' + otherMethods(L) + ').'
        : 'No call information: SIP messages were not recorded and no call events were kept.'));
      return;
    }
    add(body, el('p', { cls: 'note' }, 'One row per Call-ID. Columns come from call_summary events where present, otherwise from the SIP messages the report recorded. Click a row for its ladder diagram and media findings.'));
    if (L && L.callsNotRecorded) add(body, el('p', { cls: 'cap' }, 'Ladder diagrams are kept for the first ' + num(L.maxCalls) + ' calls; ' + (L.callsNotRecordedLowerBound ? 'at least ' : '') + num(L.callsNotRecorded) + ' later calls have no ladder.'));
    if (L && L.messagesDropped) add(body, el('p', { cls: 'cap' }, num(L.messagesDropped) + ' SIP messages beyond ' + num(L.maxMessages) + ' per call were not kept.'));
    var q = el('input', { type: 'search', placeholder: 'filter: Call-ID, caller, callee, status, verdict', id: 'call-filter' });
    var only = el('input', { type: 'checkbox', id: 'call-problems' });
    add(body, el('div', { cls: 'controls' }, q, el('label', null, only, ' only calls with problems'), el('span', { cls: 'note', id: 'call-count' })));
    var cols = [['startUs', 'time'], ['callId', 'Call-ID'], ['caller', 'caller'], ['callee', 'callee'], ['duration', 'duration'],
      ['status', 'final status'], ['verdict', 'verdict'], ['mosFwd', 'MOS \u2192'], ['mosRev', 'MOS \u2190']];
    var t = el('table', { id: 'call-table' }), hr = el('tr');
    cols.forEach(function (c) {
      add(hr, el('th', { cls: 'sort' + (c[0] === 'duration' || c[0].slice(0, 3) === 'mos' ? ' n' : ''), 'data-key': c[0],
        onclick: function () { sortDir = sortKey === c[0] ? -sortDir : 1; sortKey = c[0]; render(); } }, c[1]));
    });
    add(t, el('thead', null, hr));
    var tb = el('tbody');
    add(t, tb);
    add(body, t);
    q.addEventListener('input', render); only.addEventListener('change', render);
    function render() {
      var f = q.value.trim().toLowerCase();
      var rows = list.filter(function (c) {
        if (only.checked && !c.problem) return false;
        return !f || [c.callId, c.caller, c.callee, c.status, c.verdict].join(' ').toLowerCase().indexOf(f) >= 0;
      });
      rows.sort(function (a, b) {
        var x = a[sortKey], y = b[sortKey];
        if (x == null) return 1; if (y == null) return -1;
        return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * sortDir;
      });
      Array.prototype.forEach.call(hr.children, function (th) { th.classList.remove('asc', 'desc'); if (th.getAttribute('data-key') === sortKey) th.classList.add(sortDir > 0 ? 'asc' : 'desc'); });
      tb.textContent = '';
      rows.slice(0, CALL_ROWS_MAX).forEach(function (c) {
        var tr = el('tr', { 'data-call-id': c.callId, cls: 'call-row', onclick: function () { toggle(c, tr); } },
          el('td', { title: absIso(c.startUs) }, rel(c.startUs)), el('td', { cls: 'mono', title: c.callId }, c.callId.length > 28 ? c.callId.slice(0, 27) + '\u2026' : c.callId),
          el('td', null, c.caller), el('td', null, c.callee), el('td', { cls: 'n' }, c.duration == null ? '' : c.duration.toFixed(1) + ' s'),
          el('td', null, c.status), el('td', { cls: c.problem ? 'bad' : 'ok' }, c.verdict),
          el('td', { cls: 'n' }, c.mosFwd == null ? '' : Number(c.mosFwd).toFixed(2)), el('td', { cls: 'n' }, c.mosRev == null ? '' : Number(c.mosRev).toFixed(2)));
        add(tb, tr);
      });
      $('call-count').textContent = rows.length + ' of ' + list.length + ' calls' + (rows.length > CALL_ROWS_MAX ? ' (first ' + CALL_ROWS_MAX + ' shown)' : '');
    }
    render();
  }
  /** Scrolls to a call's row and opens its detail (from a problem event). */
  function openCall(id) {
    var rows = document.querySelectorAll('#call-table tr.call-row'), i;
    for (i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute('data-call-id') === id) {
        var next = rows[i].nextSibling;
        if (!next || !next.classList.contains('detail-row')) rows[i].click();
        rows[i].scrollIntoView({ block: 'start' });
        return;
      }
    }
  }
  function otherMethods(L) {
    var o = L.otherMethods || {}, k = Object.keys(o);
    return k.length ? '; outside calls: ' + k.map(function (m) { return m + ' \u00d7' + o[m]; }).join(', ') : '';
  }
  function toggle(c, tr) {
    var next = tr.nextSibling;
    if (next && next.classList.contains('detail-row')) { next.parentNode.removeChild(next); tr.classList.remove('open'); return; }
    tr.classList.add('open');
    var td = el('td', { colspan: 9 }), d = el('div', { cls: 'detail', id: 'detail-' + c.callId });
    add(td, d);
    tr.parentNode.insertBefore(el('tr', { cls: 'detail-row' }, td), tr.nextSibling);
    add(d, el('div', { cls: 'mono' }, 'Call-ID ' + c.callId));
    add(d, el('h3', null, 'Media and findings'));
    if (c.ladder) add(d, mediaFromSdp(c.ladder));
    add(d, findings(c));
    if (c.summary) add(d, [mediaTable(c.summary), summaryTable(c.summary)]);
    if (c.ladder && c.ladder.streams) add(d, mediaCharts(c.ladder));
    add(d, el('h3', null, 'SIP ladder'));
    if (c.ladder) add(d, ladder(c.ladder)); else add(d, el('p', { cls: 'note' }, 'No SIP messages recorded for this call (beyond the recording limit, or SIP not seen).'));
  }
  function findings(c) {
    if (!c.findings.length) {
      var judged = c.summary || EV.some(function (e) { return e.type === 'call_summary'; });
      return judged ? el('p', { cls: 'ok' }, 'No audio finding (one-way audio, no audio, wrong-port media) for this call.')
        : el('p', { cls: 'note' }, 'No call analysis events in this report: whether audio flowed is not judged here; the ' +
          'lines above only say what the SDP set up and what the matrix allows.');
    }
    var ul = el('ul', { cls: 'find' });
    c.findings.forEach(function (e) { add(ul, el('li', { cls: 'finding', 'data-type': e.type }, el('span', { cls: 'sev-' + e.severity }, e.type.replace(/_/g, ' ')), ': ', explain(e))); });
    return ul;
  }
  /** The first audio stream of an SDP body: connection address, port, codec names. */
  function sdpAudio(sdp) {
    var ip = null, port = null, codecs = [], inAudio = false, mIp = null, names = {};
    sdp.split(/\r?\n/).forEach(function (line) {
      var m;
      if ((m = /^c=IN IP[46] (\S+)/.exec(line))) { if (inAudio) mIp = m[1]; else if (port == null) ip = m[1]; }
      else if ((m = /^m=(\w+) (\d+)\S* \S+ ?(.*)$/.exec(line))) {
        if (inAudio || port != null) { inAudio = false; return; }
        if (m[1] === 'audio') { inAudio = true; port = Number(m[2]); codecs = m[3].split(' '); }
      } else if (inAudio && (m = /^a=rtpmap:(\d+) ([^/]+)/.exec(line))) names[m[1]] = m[2];
    });
    if (port == null) return null;
    var STATIC = { 0: 'PCMU', 8: 'PCMA', 9: 'G722', 18: 'G729' };
    return { ip: mIp || ip, port: port, codecs: codecs.map(function (pt) { return names[pt] || STATIC[pt] || pt; }) };
  }
  /** Does a rule's service text ("udp 30000-34999, tcp 5060") allow this transport and port? */
  function allows(rule, proto, port) {
    return rule.ports.split(/,\s*/).some(function (e) {
      var m = /^(\w+)\s+(\d+)(?:-(\d+))?$/.exec(e.trim());
      return m && m[1] === proto && port >= Number(m[2]) && port <= Number(m[3] || m[2]);
    });
  }
  function has(list, role) { return list.indexOf(role) >= 0 || list.indexOf('any') >= 0; }
  /**
   * The rules that document a UDP flow started by role a (port aPort) towards role b (port bPort), as
   * docs/matrix.md matches: the responder's port in the range, or for a media rule the reverse orientation
   * with the range applied to the initiator (the rule's `to` side). Returns [{rule, role, port}].
   */
  function rulesFor(a, aPort, b, bPort) {
    var out = [];
    M.rules.forEach(function (r) {
      if (has(r.from, a) && has(r.to, b) && allows(r, 'udp', bPort)) out.push({ rule: r, role: b, port: bPort });
      else if (r.media && has(r.from, b) && has(r.to, a) && allows(r, 'udp', aPort)) out.push({ rule: r, role: a, port: aPort });
    });
    return out;
  }
  /** The media the SDP offer/answer set up, one line per direction, with the matrix rule that permits it. */
  function mediaFromSdp(l) {
    var offer = null, answer = null;
    l.msgs.forEach(function (m) {
      if (!m.sdp || m.retransmission) return;
      if (!offer) offer = m; else if (!answer && host(m.src) !== host(offer.src)) answer = m;
    });
    var ul = el('ul', { cls: 'find media' });
    if (!offer) { add(ul, el('li', null, 'No SDP in the recorded messages: no media was negotiated.')); return ul; }
    var o = sdpAudio(offer.sdp), a = answer ? sdpAudio(answer.sdp) : null;
    if (!o) { add(ul, el('li', null, 'The SDP offer has no audio stream.')); return ul; }
    if (!a) {
      add(ul, el('li', { cls: 'media-line' }, 'Offer from ' + offer.srcRole + ' (' + shortLine(offer) + '): audio at ' + ep(o.ip, o.port) +
        ' (' + o.codecs.join(', ') + '). No SDP answer came back, so no media was set up.'));
      return ul;
    }
    // the offerer's direction first (usually the caller's voice)
    [[offer.srcRole, o, answer.srcRole, a], [answer.srcRole, a, offer.srcRole, o]].forEach(function (d) {
      // RTP from side d[0] goes to the address the other side announced (d[3])
      var fromRole = d[0], fromSdp = d[1], toRole = d[2], toSdp = d[3];
      // whichever side sends first, the flow is documented when this orientation matches a rule
      var rs = rulesFor(fromRole, fromSdp.port, toRole, toSdp.port);
      add(ul, el('li', { cls: 'media-line' }, fromRole + ' ' + ep(fromSdp.ip, fromSdp.port) + ' \u2192 ' + toRole + ' ' + ep(toSdp.ip, toSdp.port) +
        ' (' + toSdp.codecs.slice(0, 3).join(', ') + '): ',
        rs.length ? el('span', { cls: 'ok' }, 'documented by rule ' + rs.map(function (m) { return m.rule.id + ' (' + m.rule.ports + ', ' + m.role + ' port ' + m.port + ')'; }).join(', '))
          : el('span', { cls: 'bad' }, 'no matrix rule documents udp media between ' + fromRole + ' port ' + fromSdp.port + ' and ' + toRole + ' port ' + toSdp.port +
            ': a firewall built from the matrix drops it')));
    });
    return ul;
  }
  /** A finding in words: which direction, which port, which rule. Uses explicit members when the event has them. */
  function explain(e) {
    var fwd = flowText(e), rev = e.src != null ? ep(e.dst, e.dport) + ' \u2192 ' + ep(e.src, e.sport) : '';
    var roles = roleText(e), rule = e.rule ? 'rule ' + e.rule : 'no matrix rule';
    var t;
    if (e.type === 'one_way_audio') {
      var silent = e.silentSrc != null ? ep(e.silentSrc, e.silentSport) + ' \u2192 ' + ep(e.silentDst, e.silentDport) : rev || 'the other direction';
      t = 'audio flowed one way only. Heard: ' + fwd + (roles ? ' (' + roles + ')' : '') + (e.heardPackets != null ? ', ' + num(e.heardPackets) + ' packets' : '') +
        '. Silent: ' + silent + (e.silentFrom ? ' (the ' + e.silentFrom + ' sent nothing)' : '') + ' \u2014 announced in SDP, no RTP seen' +
        (e.graceMs != null ? ' within ' + (e.graceMs / 1000) + ' s' : '') + '. ' +
        (e.rule ? 'The silent direction is documented by rule ' + e.rule + ': if the firewall follows the matrix, look at NAT, the far end, or a firewall that does not.'
          : 'No matrix rule documents the silent direction: a firewall built from the matrix drops it.');
    } else if (e.type === 'no_audio') {
      t = 'no RTP in either direction between the SDP endpoints' + (fwd ? ' ' + fwd + ' (caller \u2192 callee)' : '') + '. ' +
        (e.rule ? 'Media is documented by rule ' + e.rule + '.' : 'No matrix rule documents this media.');
    } else if (e.type === 'wrong_port_media') {
      t = (e.reason === 'sdp_mismatch' ? (e.mismatch === 'source_address' ? 'RTP reached the negotiated endpoint from an address neither the peer\'s SDP nor its ICE candidates announced'
          : 'RTP went to an endpoint no SDP announced') + (e.negotiatedAddress ? ' (negotiated ' + ep(e.negotiatedAddress, e.negotiatedPort) + ')' : '')
        : e.reason === 'outside_permitted_range' ? 'media ' + (e.source === 'rtp' ? 'RTP uses' : 'was negotiated on') + ' udp ' + e.dport + ', a port no media rule between ' + (roles || 'these roles') + ' permits'
        : 'media on an unexpected port' + (e.reason ? ' (' + e.reason + ')' : '')) + (fwd ? ': ' + fwd : '') + '.';
    } else if (e.type === 'blocked_flow' && e.reason === 'sip_unanswered') {
      t = (e.method || 'the request') + ' sent ' + (e.transmissions || 'several') + ' times ' + fwd + ' and nothing came back' +
        (e.silentForMs != null ? ' for ' + (e.silentForMs / 1000) + ' s' : '') + '. ' + (e.rule ? 'Signalling is documented by rule ' + e.rule + ': blocked on the way.' : 'No matrix rule documents this signalling.');
    } else {
      t = (e.reason ? e.reason + ' ' : '') + fwd + ' ' + rule;
    }
    var explained = e.type === 'one_way_audio' || e.type === 'no_audio' || e.reason === 'sip_unanswered';
    return [t, explained ? null : extra(e)];
  }
  var COMMON = { type: 1, severity: 1, time: 1, proto: 1, src: 1, sport: 1, dst: 1, dport: 1, srcRole: 1, dstRole: 1, rule: 1, matrix: 1, reason: 1, probe: 1, schema: 1, _us: 1, callId: 1, key: 1 };
  function extra(e) {
    var k = Object.keys(e).filter(function (x) { return !COMMON[x]; });
    return k.length ? el('div', { cls: 'note mono' }, k.map(function (x) { return x + '=' + (typeof e[x] === 'object' ? JSON.stringify(e[x]) : e[x]); }).join('  ')) : null;
  }
  /** RTP per direction from call_summary (callerToCallee / calleeToCaller), as documented in docs/events.md. */
  function mediaTable(s) {
    var dirs = [['caller \u2192 callee', s.callerToCallee], ['callee \u2192 caller', s.calleeToCaller]].filter(function (d) { return d[1]; });
    if (!dirs.length) return null;
    var cols = [['streams', 'streams'], ['packets', 'packets'], ['lost', 'lost'], ['lossPercent', 'loss %'], ['jitterMs', 'jitter ms'],
      ['maxJitterMs', 'max jitter ms'], ['maxDeltaMs', 'max gap ms'], ['mos', 'MOS']];
    return el('table', { cls: 'media-table', style: 'width:auto;margin:6px 0' },
      el('thead', null, el('tr', null, el('th', null, 'RTP'), cols.map(function (c) { return el('th', { cls: 'n' }, c[1]); }))),
      el('tbody', null, dirs.map(function (d) {
        var silent = !d[1].packets;
        return el('tr', null, el('th', { cls: silent ? 'bad' : null }, d[0] + (silent ? ' (silent)' : '')), cols.map(function (c) {
          var v = d[1][c[0]];
          return el('td', { cls: 'n' }, v == null ? '' : typeof v === 'number' && c[0] !== 'packets' && c[0] !== 'lost' && c[0] !== 'streams' ? v.toFixed(c[0] === 'mos' ? 2 : 1) : num(v));
        }));
      })));
  }
  function summaryTable(s) {
    var rows = [];
    (function walk(o, p) { Object.keys(o).forEach(function (k) { if (COMMON[k] && !p) return; var v = o[k]; if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, p + k + '.'); else rows.push([p + k, Array.isArray(v) ? JSON.stringify(v) : v]); }); })(s, '');
    return el('details', null, el('summary', null, 'all call_summary members'), el('table', { cls: 'summary' }, el('tbody', null, rows.map(function (r) { return el('tr', null, el('th', null, r[0]), el('td', { cls: 'mono' }, String(r[1]))); }))));
  }

  // ---------------------------------------------------------------- ladder (inline SVG)
  var SVGNS = 'http://www.w3.org/2000/svg';
  var SERIES_COLOURS = ['#0969da', '#bf3989', '#1a7f37', '#9a6700', '#8250df', '#cf222e'];
  /** Loss and jitter per second of the call's RTP streams: two small line charts, one line per stream. */
  function mediaCharts(l) {
    var T = D.ladder.mediaTimeline || {}, st = l.streams, wrap = el('div', { cls: 'media-charts' });
    add(wrap, el('h3', null, 'RTP over time'));
    if (!st.length) {
      add(wrap, el('p', { cls: 'note' }, 'No RTP to the media endpoints this call\'s SDP announced.'));
    } else {
      add(wrap, el('p', { cls: 'note' }, 'Per second since the call\'s first SIP message: lost packets (expected from sequence numbers ' +
        '\u2212 received, RFC 3550 A.3) and the interarrival jitter estimate at the second\'s end (RFC 3550 A.8).'));
      var legend = el('div', { cls: 'chart-legend' });
      st.forEach(function (s, i) {
        var tot = 0, lost = 0; s.packets.forEach(function (n) { tot += n; }); s.lost.forEach(function (n) { lost += n; });
        add(legend, el('span', { cls: 'legend-item' }, el('span', { cls: 'swatch', style: 'background:' + SERIES_COLOURS[i % SERIES_COLOURS.length] }),
          s.src + ' \u2192 ' + s.dst + ' (SSRC 0x' + s.ssrc.toString(16).toUpperCase() + ', PT ' + s.pt + ', ' + num(tot) + ' packets, ' + num(lost) + ' lost' +
          (s.clockAssumed ? ', jitter assumes an 8 kHz clock' : '') + ')'));
      });
      add(wrap, legend);
      add(wrap, el('div', { cls: 'charts' }, lineChart('lost packets / s', st, 'lost', 'loss-chart'), lineChart('jitter ms', st, 'jitterMs', 'jitter-chart')));
    }
    if (T.packetsOfStreamsNotKept) add(wrap, el('p', { cls: 'cap' }, 'Charts are kept for the first ' + num(T.maxStreams) + ' streams; ' + num(T.packetsOfStreamsNotKept) + ' RTP packets of later streams are not charted.'));
    if (T.packetsBeyondLastBucket) add(wrap, el('p', { cls: 'cap' }, num(T.packetsBeyondLastBucket) + ' RTP packets more than ' + num(T.maxBuckets) + ' s after their call\'s start are not charted.'));
    return wrap;
  }
  function lineChart(title, streams, key, cls) {
    var w = 420, h = 150, L = 44, R = 10, TOP = 20, B = 24, n = 1, max = 0;
    streams.forEach(function (s) { n = Math.max(n, s[key].length); s[key].forEach(function (v) { if (v != null && v > max) max = v; }); });
    var top = max > 0 ? niceCeil(max) : 1;
    function x(i) { return L + (n <= 1 ? 0 : i * (w - L - R) / (n - 1)); }
    function y(v) { return TOP + (h - TOP - B) * (1 - v / top); }
    var svg = S('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': title + ' per second', 'class': 'chart ' + cls });
    svg.appendChild(S('text', { x: L, y: 13, 'class': 'chart-title' }, title));
    [0, top / 2, top].forEach(function (v) {
      svg.appendChild(S('line', { x1: L, x2: w - R, y1: y(v), y2: y(v), stroke: '#d0d7de', 'stroke-dasharray': v ? '2 3' : '' }));
      svg.appendChild(S('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', 'class': 'tick' }, fmtTick(v)));
    });
    svg.appendChild(S('text', { x: L, y: h - 6, 'class': 'tick' }, '0 s'));
    svg.appendChild(S('text', { x: w - R, y: h - 6, 'text-anchor': 'end', 'class': 'tick' }, Math.max(0, n - 1) + ' s'));
    streams.forEach(function (s, i) {
      var pts = [];
      s[key].forEach(function (v, b) { if (v != null) pts.push(x(b).toFixed(1) + ',' + y(v).toFixed(1)); });
      var colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      var g = S('g', { 'class': 'series', 'data-src': s.src, 'data-dst': s.dst });
      g.appendChild(S('title', {}, s.src + ' \u2192 ' + s.dst + ': ' + title));
      if (pts.length > 1) g.appendChild(S('polyline', { points: pts.join(' '), fill: 'none', stroke: colour, 'stroke-width': 1.5,
        // every other line dashed: an echo's line lies exactly on its original's and must still show
        'stroke-dasharray': i % 2 ? '5 3' : '' }));
      // a single second is a dot; every point gets one when there are few
      if (pts.length <= 60) pts.forEach(function (p) { var q = p.split(','); g.appendChild(S('circle', { cx: q[0], cy: q[1], r: 2, fill: colour })); });
      svg.appendChild(g);
    });
    return svg;
  }
  function niceCeil(v) { var p = Math.pow(10, Math.floor(Math.log10(v))), m = v / p; return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p; }
  function fmtTick(v) { return v >= 100 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(1); }
  function S(tag, attrs, text) { var e = document.createElementNS(SVGNS, tag), k; for (k in attrs) e.setAttribute(k, attrs[k]); if (text != null) e.textContent = text; return e; }
  function host(a) { var i = a.lastIndexOf(':'); return i > 0 ? a.slice(0, i) : a; }
  function ladder(l) {
    var msgs = l.msgs.slice(0, LADDER_MSGS_MAX), hosts = [], roleOfHost = {};
    msgs.forEach(function (m) {
      [[m.src, m.srcRole], [m.dst, m.dstRole]].forEach(function (x) { var h = host(x[0]); if (hosts.indexOf(h) < 0) { hosts.push(h); roleOfHost[h] = x[1]; } });
    });
    var colW = 260, left = 110, rowH = 30, top = 52, w = left + colW * Math.max(1, hosts.length - 1) + 160, h = top + rowH * msgs.length + 20;
    var svg = S('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': 'SIP ladder diagram', 'class': 'ladder-svg' });
    S.defs = S('defs', {});
    S.defs.appendChild(mk('arr', '#24292f')); S.defs.appendChild(mk('arr-re', '#b3261e'));
    svg.appendChild(S.defs);
    function x(hh) { return left + 40 + colW * hosts.indexOf(hh); }
    hosts.forEach(function (hh) {
      svg.appendChild(S('text', { x: x(hh), y: 18, 'text-anchor': 'middle', 'font-weight': '600', 'class': 'host' }, roleOfHost[hh] || 'other'));
      svg.appendChild(S('text', { x: x(hh), y: 34, 'text-anchor': 'middle', 'class': 'mono' }, hh));
      svg.appendChild(S('line', { x1: x(hh), y1: 40, x2: x(hh), y2: h - 8, stroke: '#8c959f', 'stroke-dasharray': '2 3' }));
    });
    var info = el('div', { cls: 'msg-detail' }, el('p', { cls: 'note' }, 'Click an arrow for the message (and its SDP).'));
    var t0 = msgs.length ? msgs[0].tUs : 0;
    msgs.forEach(function (m, i) {
      var y = top + rowH * i + 14, x1 = x(host(m.src)), x2 = x(host(m.dst)), re = !!m.retransmission;
      var g = S('g', { 'class': 'msg' + (re ? ' retrans' : ''), 'data-line': m.line, tabindex: 0 });
      g.appendChild(S('text', { x: 6, y: y + 4, fill: '#57606a', 'class': 'mono' }, '+' + ((m.tUs - t0) / 1e6).toFixed(3) + ' s'));
      if (x1 === x2) { x2 = x1 + 40; }
      g.appendChild(S('line', { x1: x1, y1: y, x2: x2, y2: y, stroke: re ? '#b3261e' : '#24292f', 'stroke-width': 1.5,
        'stroke-dasharray': re ? '5 4' : '', 'marker-end': 'url(#' + (re ? 'arr-re' : 'arr') + ')' }));
      var label = shortLine(m) + (re ? ' (retransmission)' : '') + (m.sdp ? ' [SDP]' : '');
      g.appendChild(S('text', { x: (x1 + x2) / 2, y: y - 5, 'text-anchor': 'middle', 'class': 'lbl', fill: re ? '#b3261e' : '#1f2328' }, label));
      g.appendChild(S('rect', { x: Math.min(x1, x2), y: y - 18, width: Math.abs(x2 - x1), height: 24, fill: 'transparent' }));
      g.addEventListener('click', function () {
        Array.prototype.forEach.call(svg.querySelectorAll('.msg.sel'), function (n) { n.classList.remove('sel'); });
        g.classList.add('sel'); showMsg(info, m);
      });
      svg.appendChild(g);
    });
    var wrap = el('div', null, el('p', { cls: 'note ladder-summary' }, ladderSummary(l.msgs)), el('div', { cls: 'ladder' }, svg));
    if (l.msgs.length > LADDER_MSGS_MAX || l.messagesDropped) add(wrap, el('p', { cls: 'cap' }, 'Only the first ' + msgs.length + ' messages of this call are drawn' + (l.messagesDropped ? ' (' + num(l.messagesDropped) + ' more were not recorded)' : '') + '.'));
    add(wrap, info);
    return wrap;
  }
  function ladderSummary(msgs) {
    var re = msgs.filter(function (m) { return m.retransmission; }).length;
    var inv = msgs.filter(function (m) { return m.request && m.cseqMethod === 'INVITE' && /^INVITE /.test(m.line); }).length;
    var resp = msgs.filter(function (m) { return !m.request && m.cseqMethod === 'INVITE'; });
    var fin = resp.filter(function (m) { return m.status >= 200; });
    return msgs.length + ' SIP messages' + (re ? ', ' + re + ' retransmissions (dashed red)' : '') + '. ' +
      (inv && !resp.length ? 'The INVITE was never answered: no response at all came back (dropped on the way, or the answer was).'
        : inv && !fin.length ? 'The INVITE got provisional responses only, no final answer.'
        : fin.length ? 'Final answer to the INVITE: ' + fin[0].line.replace(/^SIP\/2\.0 /, '') + '.' : '');
  }
  function mk(id, color) {
    var m = S('marker', { id: id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    m.appendChild(S('path', { d: 'M0,0 L10,5 L0,10 z', fill: color })); return m;
  }
  function shortLine(m) {
    if (m.request) return m.line.split(' ')[0];
    var p = m.line.split(' '); return p.slice(1).join(' ') + (m.cseqMethod && m.cseqMethod !== 'INVITE' ? ' (' + m.cseqMethod + ')' : '');
  }
  function showMsg(box, m) {
    box.textContent = '';
    add(box, el('p', { cls: 'mono' }, absIso(m.tUs) + '  ' + m.proto + '  ' + m.src + ' (' + m.srcRole + ') \u2192 ' + m.dst + ' (' + m.dstRole + ')' + (m.retransmission ? '  RETRANSMISSION' : '')));
    add(box, el('p', { cls: 'mono' }, el('b', null, m.line)));
    if (m.sdp) add(box, el('pre', { cls: 'sdp' }, m.sdp)); else add(box, el('p', { cls: 'note' }, 'No SDP body.'));
  }

  // ---------------------------------------------------------------- STUN / TURN
  function stun() {
    var body = $('stun-body');
    var pc = C.protocolClasses || {}, stunPk = pc.stun ? pc.stun.packets : 0, chPk = pc.turn_channeldata ? pc.turn_channeldata.packets : 0;
    add(body, el('p', null, 'STUN/TURN packets: ' + num(stunPk) + ', TURN ChannelData packets: ' + num(chPk) + '.'));
    var rules = M.rules.filter(function (r) { return /stun|turn/i.test(r.app + ' ' + r.service); });
    if (rules.length) add(body, el('p', null, 'Rules: ', rules.map(function (r) { return el('a', { cls: 'chip ' + vclass(r.verdict), href: '#rule-' + r.id, onclick: function (ev) { ev.preventDefault(); flash('rule-' + r.id); } }, r.id + ': ' + r.verdict + ' (' + num(r.flows) + ' flows)'); })));
    var evs = eventsOf(function (e) { return /^(stun|turn)/.test(e.type) || /stun|turn/.test(e.reason || '') || /stun|turn/.test(e.app || ''); });
    if (!evs.length) { add(body, el('p', { cls: 'note' }, 'No STUN/TURN transaction or allocation failure events.')); return; }
    add(body, eventTable(evs, 'stun-table'));
  }

  // ---------------------------------------------------------------- problems (events)
  function problems() {
    var body = $('problems-body'), byType = {};
    // call summaries are not problems: they are the call list; every other event type is listed here
    EV.forEach(function (e) { if (e.type !== 'call_summary') (byType[e.type] = byType[e.type] || []).push(e); });
    if (D.eventsLeftOut) {
      add(body, el('p', { cls: 'cap' }, 'The report keeps the first ' + num(D.eventsKeptMax) + ' events; ' + num(D.eventsLeftOut) + ' more are counted but not listed (' +
        Object.keys(D.eventsLeftOutByType).map(function (k) { return k + ' \u00d7' + num(D.eventsLeftOutByType[k]); }).join(', ') + '). Use --events for all of them.'));
    }
    var types = Object.keys(byType).sort(function (a, b) { return worst(byType[a]) - worst(byType[b]) || a.localeCompare(b); });
    if (!types.length) { add(body, el('p', { cls: 'ok' }, 'No events.')); return; }
    types.forEach(function (t) {
      var list = byType[t];
      // problems open by default, unless there are so many that the page would become a long scroll
      add(body, el('details', { id: 'ev-' + t, open: worst(list) < 2 && list.length <= 50 ? '' : null }, el('summary', null, t.replace(/_/g, ' ') + ' (' + num(list.length) + ')'),
        eventTable(list, null)));
    });
  }
  function worst(list) { return list.reduce(function (a, e) { return Math.min(a, sevOrder(e.severity)); }, 2); }
  function eventTable(list, id) {
    var t = el('table', { id: id }, el('thead', null, el('tr', null, ['time', 'severity', 'type', 'reason', 'flow', 'roles', 'rule', 'details'].map(function (h) { return el('th', null, h); }))));
    var tb = el('tbody');
    list.slice(0, EVENT_ROWS_MAX).forEach(function (e) {
      add(tb, el('tr', null, el('td', { title: e.time }, rel(e._us)), el('td', { cls: 'sev-' + e.severity }, e.severity), el('td', null, e.type), el('td', null, e.reason || ''),
        el('td', { cls: 'mono' }, (e.proto ? e.proto + ' ' : '') + flowText(e)), el('td', null, roleText(e)), el('td', { cls: 'mono' }, e.rule || ''),
        el('td', { cls: 'details' }, callIdOf(e) != null ? el('a', { href: '#calls', cls: 'call-link', onclick: function (ev) { ev.preventDefault(); openCall(String(callIdOf(e))); } }, 'call ' + callIdOf(e)) : null, extra(e))));
    });
    add(t, tb);
    var out = el('div', null, t);
    if (list.length > EVENT_ROWS_MAX) add(out, el('p', { cls: 'cap' }, 'First ' + EVENT_ROWS_MAX + ' of ' + num(list.length) + ' shown.'));
    return out;
  }

  // ---------------------------------------------------------------- anomalies, warnings
  function anomalies() {
    var body = $('anomalies-body'), a = C.decodeAnomalies || {}, k = Object.keys(a);
    if (!k.length) add(body, el('p', { cls: 'ok' }, 'No decode anomalies.'));
    else add(body, el('table', { id: 'anomaly-table' }, el('thead', null, el('tr', null, el('th', null, 'reason'), el('th', { cls: 'n' }, 'packets'))),
      el('tbody', null, k.map(function (r) { return el('tr', null, el('td', { cls: 'mono' }, r), el('td', { cls: 'n' }, num(a[r]))); }))));
    if (D.ladder && D.ladder.sipMalformed) add(body, el('p', null, num(D.ladder.sipMalformed) + ' SIP messages could not be read (malformed, or missing a mandatory header such as Call-ID or CSeq).'));
    if (C.handlerFailures) add(body, el('p', { cls: 'bad' }, 'Internal failures: ' + num(C.handlerFailures) + ' (handler exceptions, counted).'));
    if (C.events.dropped) add(body, el('p', { cls: 'bad' }, num(C.events.dropped) + ' events were dropped (event ring full).'));
    C.warnings.forEach(function (w) { add(body, el('p', { cls: 'warn' }, 'Warning: ' + w)); });
    var pc = C.protocolClasses || {};
    add(body, [el('h3', null, 'Packets by protocol class'), el('table', { id: 'class-table', style: 'width:auto' },
      el('thead', null, el('tr', null, el('th', null, 'class'), el('th', { cls: 'n' }, 'packets'), el('th', { cls: 'n' }, 'bytes'))),
      el('tbody', null, Object.keys(pc).map(function (c) {
        return el('tr', null, el('td', null, c), el('td', { cls: 'n' }, num(pc[c].packets)), el('td', { cls: 'n' }, bytes(pc[c].bytes)));
      })))]);
  }

  function safe(f, id) { try { f(); } catch (err) { if (window.console) console.error(err); var b = $(id); if (b) add(b, el('p', { cls: 'bad' }, 'This part of the report failed to render: ' + err.message)); } }
  safe(banner, 'banner'); safe(matrix, 'matrix-body'); safe(calls, 'calls-body'); safe(stun, 'stun-body');
  safe(problems, 'problems-body'); safe(anomalies, 'anomalies-body');
}());
