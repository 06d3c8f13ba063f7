// The annual report drafted from live data (pure): the facts it needs and the drafting.
export {
  draftReport,
  feeSentence,
  proactiveParagraph,
  reportTitle,
  serviceSentence,
} from './draft-report.ts';
export type {
  EditableSection,
  FeeFacts,
  PublicationCount,
  PublicationFacts,
  ReportEdits,
  ReportFacts,
  ReportingAgencyKind,
  ServiceFacts,
} from './report-facts.ts';
