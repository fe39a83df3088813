export { renderReport } from './render-report.ts'
export { barChart, lineChart } from './charts.ts'
export { escapeHtml } from './html.ts'
