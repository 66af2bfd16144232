// Read by HtmlReportInChromiumTest in the real browser: what the report's DOM shows.
const svg = document.querySelector('svg.chart');
const box = svg.getBoundingClientRect();
const units = svg.viewBox.baseVal.width / box.width;
const x = (el) => (el.getBoundingClientRect().left - box.left) * units;
const canary = document.querySelector('g.host-row[data-host="host-1"]');
const mark = canary.querySelector('rect.mark.unhealthy, rect.mark.unreachable');
const rollback = document.querySelectorAll('g.band-rollback');
const band = rollback.length ? rollback[0].querySelector('rect:not(.shade)') : null;
return {
  scripts: document.scripts.length,
  rows: [...document.querySelectorAll('g.host-row')].map((g) => g.dataset.host),
  rollbackBands: rollback.length,
  rollbackFrom: rollback.length ? rollback[0].dataset.from : '',
  rollbackX: band ? x(band) : -1,
  markFrom: mark ? mark.dataset.from : '',
  markX: mark ? x(mark) : -1,
  markTitle: mark ? mark.querySelector('title').textContent : '',
  start: svg.dataset.start,
  end: svg.dataset.end,
  failuresText: document.querySelector('#failures').innerText,
  hostDetails: document.querySelectorAll('details.host').length,
};
