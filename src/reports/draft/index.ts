// The annual report drafted from live data (pure): the facts it needs and the drafting.
export { draftReport, feeSentence, proactiveParagraph, reportTitle } from './draft-report.ts';
export type {
  EditableSection,
  FeeFacts,
  PublicationCount,
  PublicationFacts,
  ReportEdits,
  ReportFacts,
  ReportingAgencyKind,
} from './report-facts.ts';
