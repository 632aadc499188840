/**
 * The review screen's one script and one style sheet, served as files (/review.js, /review.css)
 * so the pages' Content-Security-Policy can forbid inline code. Plain JS, no build: every key
 * clicks a link or button the page already has, so everything also works without the script.
 */
export const reviewScript = `'use strict';
(function () {
  var help = document.getElementById('help');
  function click(selector) {
    var element = document.querySelector(selector);
    if (element) { element.click(); return true; }
    return false;
  }
  function fieldRows() { return Array.prototype.slice.call(document.querySelectorAll('tr[data-field][tabindex]')); }
  function focusedField() {
    var rows = fieldRows();
    var active = document.activeElement && document.activeElement.closest ? document.activeElement.closest('tr[data-field][tabindex]') : null;
    return active || rows.filter(function (r) { return r.classList.contains('focused'); })[0] || null;
  }
  function moveField(step) {
    var rows = fieldRows();
    if (!rows.length) return;
    var index = rows.indexOf(focusedField());
    var next = rows[Math.max(0, Math.min(rows.length - 1, index < 0 ? 0 : index + step))];
    rows.forEach(function (r) { r.classList.remove('focused'); });
    next.classList.add('focused');
    next.focus();
  }
  var params = new URLSearchParams(location.search);
  var start = params.get('f');
  if (start) {
    var row = document.querySelector('tr[data-field="' + CSS.escape(start) + '"][tabindex]');
    if (row) { row.classList.add('focused'); row.focus(); }
  }
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
    var key = event.key;
    var done = false;
    if (key === '?') { if (help.open) help.close(); else help.showModal(); done = true; }
    else if (help && help.open) return;
    else if (key === 'j' || key === 'ArrowRight') done = click('[data-key="next"]') || click('[data-key="next-page"]');
    else if (key === 'k' || key === 'ArrowLeft') done = click('[data-key="prev"]') || click('[data-key="prev-page"]');
    else if (/^[1-9]$/.test(key)) done = click('[data-key="candidate-' + key + '"]');
    else if (key === 'ArrowDown') { moveField(1); done = true; }
    else if (key === 'ArrowUp') { moveField(-1); done = true; }
    else if (key === 'c' || key === 'l') {
      var field = focusedField();
      if (field) done = click('tr[data-field="' + CSS.escape(field.getAttribute('data-field')) + '"][tabindex] a[data-choose="' + (key === 'c' ? 'crm' : 'list') + '"]');
    }
    else if (key === 'm' || key === 'Enter') done = click('[data-key="merge"]');
    else if (key === 'n') done = click('[data-key="create-new"]');
    else if (key === 's') done = click('[data-key="skip"]');
    else if (key === 'u') done = click('[data-key="undo"]');
    if (done) event.preventDefault();
  });
})();
`;

export const reviewStyles = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733; background: #f5f7fa; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 12px 40px; }
header.top { display: flex; flex-wrap: wrap; gap: 4px 12px; justify-content: space-between; padding: 8px 12px; background: #1d2733; color: #fff; }
header.top a { color: #fff; text-decoration: none; overflow-wrap: anywhere; }
.keys { color: #c9d3de; font-size: 13px; }
h1 { font-size: 22px; margin: 12px 0 6px; }
h2 { font-size: 17px; margin: 18px 0 6px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
code, kbd { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
kbd { border: 1px solid #b8c2cc; border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; color: #1d2733; }
a { color: #1f5fa8; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; background: #fff; }
th, td { border: 1px solid #d6dbe1; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
thead th { background: #eef2f6; }
td.differs { background: #fff1d6; }
th.selected, td.selected { outline: 2px solid #1f5fa8; outline-offset: -2px; }
td.incoming, th.incoming { background: #eef7ee; }
.score { font-weight: normal; color: #4b5967; font-size: 13px; }
.route { font-size: 14px; font-weight: normal; color: #4b5967; }
.rownav { display: flex; justify-content: space-between; gap: 8px; margin-top: 4px; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 8px 0; }
.filters a[aria-current] { font-weight: bold; text-decoration: none; color: #1d2733; }
.tag { background: #e4ebf3; border-radius: 10px; padding: 0 8px; overflow-wrap: anywhere; }
form.goto input { width: 6em; }
.decide { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
button { font: inherit; padding: 6px 12px; border: 1px solid #1f5fa8; border-radius: 5px; background: #fff; color: #1f5fa8; cursor: pointer; max-width: 100%; }
button[data-key="merge"] { background: #1f5fa8; color: #fff; }
button[data-key="merge"] kbd { color: #1d2733; }
form.inline { display: inline; }
.undo button { font-size: 13px; padding: 3px 8px; }
table.fields tr.focused, table.fields tr:focus { outline: 3px solid #d98c1f; outline-offset: -3px; }
table.fields td.kept { background: #dff0d8; font-weight: bold; }
table.fields td a { color: inherit; text-decoration: none; display: block; }
.changed { font-size: 12px; color: #a35f00; font-weight: normal; }
table.preview tr.changes td { background: #dff0d8; }
.was { color: #6b7785; font-size: 13px; text-decoration: line-through; }
.candidate-words { background: #fff; border: 1px solid #d6dbe1; border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
.candidate-words ul { margin: 4px 0; padding-left: 18px; }
li.against { color: #a3231a; }
.w { color: #4b5967; font-size: 13px; }
.reasons, .guards, .hint, .meta { color: #4b5967; font-size: 14px; overflow-wrap: anywhere; }
.message { background: #e8f1fb; border-left: 4px solid #1f5fa8; padding: 6px 10px; }
.message.error { background: #fdecea; border-color: #c0392b; }
.groups ul { padding-left: 18px; }
.groups li { margin: 4px 0; overflow-wrap: anywhere; }
.groups .n { color: #4b5967; font-size: 13px; }
.found li { margin: 6px 0; overflow-wrap: anywhere; }
input[type=search] { font: inherit; padding: 5px; width: min(100%, 22em); }
dialog { max-width: min(92vw, 30em); }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; }
dd { margin: 0; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  main { padding: 6px 8px 32px; }
  th, td { padding: 3px 4px; }
  table.queue th:nth-child(3), table.queue td:nth-child(3) { display: none; }
}
`;
