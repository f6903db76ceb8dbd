// Opens a voipwatch HTML report in headless Chromium (playwright-core, the system browser; no download) and
// prints what a reader sees as one JSON object on stdout: console errors, network requests, the matrix grid,
// unexpected flows, call rows, and for each call (up to 5) its ladder arrows and findings. Screenshots go to
// <prefix>-page.png and <prefix>-call.png.
// Usage: node report-check.js <playwright-core dir> <chromium path> <report.html> <screenshot prefix>
'use strict';
const [pwDir, chromium, report, shots] = process.argv.slice(2);
const { chromium: browserType } = require(pwDir);
const url = require('url');

(async () => {
  const browser = await browserType.launch({
    executablePath: chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const out = { consoleErrors: [], pageErrors: [], requests: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') out.consoleErrors.push(m.type() + ': ' + m.text()); });
    page.on('pageerror', (e) => out.pageErrors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) out.requests.push(r.url()); });
    await page.goto(url.pathToFileURL(report).href, { waitUntil: 'load' });
    out.title = await page.title();
    out.verdict = await page.textContent('#verdict');
    out.bannerClass = await page.getAttribute('#banner', 'class');
    out.ruleChips = await page.$$eval('#matrix-grid a.rule', (as) => as.map((a) => ({
      from: a.parentElement.dataset.from, to: a.parentElement.dataset.to, rule: a.dataset.rule,
      verdict: a.dataset.verdict, cls: a.className, title: a.title, background: getComputedStyle(a).backgroundColor })));
    out.unexpectedChips = await page.$$eval('#matrix-grid a.unexpected', (as) => as.map((a) => ({
      from: a.parentElement.dataset.from, to: a.parentElement.dataset.to, proto: a.dataset.proto,
      port: a.dataset.port == null ? null : Number(a.dataset.port), text: a.textContent, href: a.getAttribute('href') })));
    out.unexpectedRows = await page.$$eval('#unexpected-table tbody tr', (trs) => trs.map((tr) => ({
      id: tr.id, cells: Array.from(tr.cells).map((c) => c.textContent) })));
    out.callRows = await page.$$eval('#call-table tbody tr.call-row', (trs) => trs.map((tr) => ({
      callId: tr.dataset.callId, cells: Array.from(tr.cells).map((c) => c.textContent) })));
    out.caps = await page.$$eval('.cap', (ps) => ps.map((p) => p.textContent));
    out.stunRows = await page.$$eval('#stun-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.cells).map((c) => c.textContent).join(' | ')));
    out.banner = await page.textContent('#banner');
    out.scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    out.callLinks = await page.$$eval('a.call-link', (as) => as.map((a) => a.textContent));
    await page.screenshot({ path: shots + '-page.png', fullPage: true });
    // element screenshots scroll; a sticky bar would then sit in the middle of the picture
    await page.addStyleTag({ content: 'nav{position:static !important}' });
    // a chip links to its evidence: clicking the first unexpected chip highlights its table row
    if (out.unexpectedChips.length) {
      await page.click('#matrix-grid a.unexpected');
      out.unexpectedLinkHighlights = await page.$eval(out.unexpectedChips[0].href, (tr) => tr.classList.contains('hl'));
    }
    out.calls = [];
    const n = Math.min(5, out.callRows.length);
    for (let i = 0; i < n; i++) {
      const row = page.locator('#call-table tbody tr.call-row').nth(i);
      await row.click();
      const detail = page.locator('#call-table tr.detail-row').first();
      const arrows = await detail.locator('g.msg').evaluateAll((gs) => gs.map((g) => ({
        line: g.dataset.line, retransmission: g.classList.contains('retrans'),
        label: g.querySelector('text.lbl').textContent })));
      const findings = await detail.locator('li.finding').evaluateAll((ls) => ls.map((l) => ({ type: l.dataset.type, text: l.textContent })));
      const hosts = await detail.locator('text.host').evaluateAll((ts) => ts.map((t) => t.textContent));
      const media = await detail.locator('li.media-line').evaluateAll((ls) => ls.map((l) => l.textContent));
      const charts = await detail.locator('svg.chart').evaluateAll((ss) => ss.map((s) => ({
        cls: s.getAttribute('class'), series: s.querySelectorAll('g.series').length,
        lines: s.querySelectorAll('g.series polyline').length })));
      const call = { callId: out.callRows[i].callId, arrows, findings, hosts, media, charts };
      if (i === 0) {
        const sdpArrow = detail.locator('g.msg', { hasText: '[SDP]' }).first();
        if (await sdpArrow.count()) {
          await sdpArrow.click();
          call.sdpShown = await detail.locator('pre.sdp').textContent();
        }
      }
      if (i === 0 || findings.length) {
        await page.locator('#calls').screenshot({ path: shots + '-call' + (i ? '-' + i : '') + '.png' });
      }
      out.calls.push(call);
      await row.click(); // close it again
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(3); });
