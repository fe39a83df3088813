/** The report's inline stylesheet: readable type, print-friendly, no external assets. */
export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --accent: #2457c5; --accent2: #d9822b; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header { padding: 28px 40px 16px; border-bottom: 1px solid var(--line); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: var(--muted); }
main { max-width: 1120px; margin: 0 auto; padding: 8px 40px 40px; }
section { padding: 18px 0; border-bottom: 1px solid var(--line); break-inside: avoid; }
h2 { font-size: 20px; margin: 8px 0 8px; } h3 { font-size: 16px; margin: 14px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .k { color: var(--muted); font-size: 13px; } .card .v { font-size: 28px; font-weight: 650; } .card .d { color: var(--muted); font-size: 12px; }
.warnings li { color: #8a4b00; } .ok { color: #1d6b3a; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
svg.chart { width: 100%; height: auto; max-width: 560px; }
svg .axis { stroke: #555; } svg .grid { stroke: #eceef2; } svg .ref { stroke: #999; stroke-dasharray: 4 4; }
svg .bar { fill: var(--accent); } svg .line { fill: none; stroke: var(--accent); stroke-width: 2.5; }
svg .dot { fill: var(--accent2); } svg .tick { font-size: 11px; fill: var(--muted); } svg .label { font-size: 12px; fill: var(--ink); }
svg .legend { font-size: 12px; fill: var(--accent); }
table { border-collapse: collapse; margin: 10px 0; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; white-space: nowrap; }
.nowrap { white-space: nowrap; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 12px 4px 0; text-align: left; vertical-align: top; }
.meter { display: inline-block; height: 9px; background: var(--accent); border-radius: 2px; max-width: 140px; vertical-align: middle; }
.buckets { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
.bucket { border: 1px solid var(--line); border-radius: 8px; padding: 4px 14px; } .bucket ul { padding-left: 0; list-style: none; }
.bucket li { margin: 4px 0; } .share { color: var(--muted); font-size: 13px; }
.dir.up { color: #1d6b3a; } .dir.down { color: #b3261e; }
.small { color: var(--muted); font-size: 13px; }
details.data summary { cursor: pointer; color: var(--accent); font-size: 14px; }
@media (max-width: 800px) { .cards, .pair, .buckets { grid-template-columns: 1fr; } }
@media print { header { background: none; } details.data { display: none; } section { page-break-inside: avoid; } a { color: inherit; } }
`
