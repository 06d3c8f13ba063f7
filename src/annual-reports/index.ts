// The public surface of the annual report from live data: other folders import only this.
export { buildAnnualReport, FIRST_REPORT_YEAR, reportYearProblem } from './build-annual-report.ts';
export {
  countPublishedInYearByCategory,
  feeFactsOf,
  loadReportFacts,
  publicationFactsOf,
} from './load-report-facts.ts';
