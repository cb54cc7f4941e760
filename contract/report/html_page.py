"""The frame of every HTML report: one self-contained page, its styles and its small filtering script.

Nothing is fetched: styles and script are inline and a Content-Security-Policy forbids every other source,
so the file reads the same from a CI artifact, an e-mail or a laptop with no network. Colours meet WCAG AA
contrast, and every colour has a word beside it (``seen``, ``never``, the severity) for readers without it.
"""

from __future__ import annotations

from html import escape

__all__ = ["page"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_STYLE = """
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #d0d7de; --error: #a40e26;
  --warning: #7a4a00; --ok: #116329; --seen: #dafbe1; --never: #ffebe9; --mark: #fff1a8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  background: #fff; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.25rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
h3 { font-size: 1rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
.verdict { font-weight: 700; }
.verdict.bad { color: var(--error); }
.verdict.good { color: var(--ok); }
.counts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; margin: .5rem 0 1rem; list-style: none; }
.counts b { font-size: 1.25rem; }
table { border-collapse: collapse; margin: .25rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.error { color: var(--error); }
.warning { color: var(--warning); }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem;
  border: 1px solid var(--line); border-radius: 6px; background: #f6f8fa; }
form.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: .75rem; align-items: center; }
form.filters legend { float: left; margin-right: .5rem; font-weight: 600; }
.response { border: 1px solid var(--line); border-radius: 6px; padding: .75rem; margin: 1rem 0;
  display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 1rem; }
.response > h3 { grid-column: 1 / -1; }
.findings { list-style: none; margin: 0; padding: 0; }
.findings li { border-left: 4px solid var(--error); padding: .25rem .5rem; margin: 0 0 .5rem; background: #fff8f8; }
.findings li.warning { border-left-color: #bf8700; background: #fffbea; }
.findings a { color: inherit; }
pre.body { margin: 0; padding: .5rem; overflow: auto; max-height: 36rem; background: #f6f8fa; border-radius: 4px; }
mark { background: var(--mark); color: var(--ink); outline: 2px solid #bf8700; }
mark.at { outline-color: var(--error); }
.hidden { display: none !important; }
.grid td.seen { background: var(--seen); }
.grid td.never { background: var(--never); }
.grid td { min-width: 7rem; }
.grid .label { display: block; font-weight: 600; }
.meter { display: inline-block; width: 10rem; height: .75rem; border: 1px solid var(--muted); border-radius: 3px;
  vertical-align: middle; background: var(--never); overflow: hidden; }
.meter span { display: block; height: 100%; background: var(--ok); }
.note { color: var(--muted); }
"""

_SCRIPT = """
(function () {
  var form = document.querySelector('form.filters');
  if (!form) { return; }
  function apply() {
    var rule = form.elements['rule'].value;
    var shown = {};
    form.querySelectorAll('input[name=severity]').forEach(function (box) { shown[box.value] = box.checked; });
    document.querySelectorAll('.response').forEach(function (response) {
      var visible = 0;
      response.querySelectorAll('.findings li').forEach(function (item) {
        var keep = (rule === '' || item.dataset.rule === rule) && shown[item.dataset.severity];
        item.classList.toggle('hidden', !keep);
        if (keep) { visible += 1; }
      });
      response.classList.toggle('hidden', visible === 0);
    });
    var status = document.getElementById('filter-status');
    var count = document.querySelectorAll('.response:not(.hidden)').length;
    status.textContent = count + ' failing response' + (count === 1 ? '' : 's') + ' shown';
  }
  form.addEventListener('change', apply);
  apply();
}());
"""


def page(title: str, sections: list[str]) -> str:
    """The whole document: *sections* (HTML already escaped where needed) under a header holding *title*."""
    head = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
    )
    return head + "\n".join(sections) + f"\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
