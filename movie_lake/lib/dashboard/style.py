"""The page's stylesheet (tiles, sections, panels), kept apart from the markup."""

CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #e4e7eb; --accent: #2f6690; --bg: #f5f7fa; }
* { box-sizing: border-box; }
html { overflow-y: scroll; }
body { margin: 0; font-family: Inter, 'Segoe UI', Helvetica, Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #102a43; color: #fff; padding: 20px 32px 12px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header .meta { margin: 0 0 10px; color: #bcccdc; font-size: 13px; }
header code { color: #fff; }
nav a { color: #d9e2ec; margin-right: 18px; text-decoration: none; font-size: 14px; }
nav a:hover { color: #fff; text-decoration: underline; }
main { padding: 20px 32px 40px; max-width: 1500px; margin: 0 auto; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; }
.tile { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; padding: 12px 14px; }
.tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile .value { font-size: 22px; font-weight: 600; margin-top: 4px; overflow-wrap: anywhere; }
.tile .detail { color: var(--muted); font-size: 12px; margin-top: 2px; }
section { margin-top: 28px; }
h2 { font-size: 20px; margin: 0 0 4px; }
.intro { color: var(--muted); margin: 0 0 12px; font-size: 14px; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
.chart.wide { grid-column: 1 / -1; }
@media (max-width: 1000px) { .charts { grid-template-columns: minmax(0, 1fr); } }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; min-width: 0; }
.no-data { display: flex; flex-direction: column; justify-content: center; min-height: 180px; padding: 20px 24px;
  background: repeating-linear-gradient(45deg, #fff, #fff 12px, #f8f9fb 12px, #f8f9fb 24px); }
.no-data h3 { margin: 0 0 6px; font-size: 16px; }
.no-data p { margin: 0; color: var(--muted); }
.no-data .badge { align-self: flex-start; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .05em;
  color: #9b2c2c; background: #fde8e8; border-radius: 10px; padding: 2px 8px; margin-bottom: 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; border: 1px solid var(--line); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { background: #f0f4f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
"""
