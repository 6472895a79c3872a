"""The app's stylesheet: the offline page's look plus the filter bar, pages and drill-down."""
from movie_lake.lib.dashboard.style import CSS as PAGE_CSS

CSS = PAGE_CSS + """
.filters { display: grid; grid-template-columns: 2fr repeat(3, 1.3fr) 0.8fr; gap: 14px; align-items: end;
  background: #fff; border-bottom: 1px solid var(--line); padding: 12px 32px; position: sticky; top: 0; z-index: 5; }
.filters label { display: block; font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; margin-bottom: 4px; }
header .actions { float: right; margin-top: -38px; }
header .actions a, header .actions button { margin-left: 10px; color: #fff; background: #2f6690; border: 0; border-radius: 4px;
  padding: 6px 12px; font-size: 13px; cursor: pointer; text-decoration: none; }
.page { padding: 14px 32px 8px; max-width: 1500px; margin: 0 auto; }
.panels { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; min-width: 0; }
.panel.wide { grid-column: 1 / -1; }
.panel .note { margin: 4px 10px 8px; color: var(--muted); font-size: 13px; }
.panel .note.no-data-yet { color: #9b2c2c; }
.drill { padding: 8px 32px 40px; max-width: 1500px; margin: 0 auto; }
.drill h2 { font-size: 18px; }
.hint { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
@media (max-width: 1000px) { .panels, .filters { grid-template-columns: minmax(0, 1fr); } }
"""
