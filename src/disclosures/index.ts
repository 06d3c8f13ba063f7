// The public surface of 主动公开 (the catalogue, items, review workflow, channel counts): other
// folders import only this.

export {
  type AttachmentTextFailure,
  attachmentTextFailures,
  MAX_ATTACHMENT_TEXT,
} from './attachment-text.ts';
// The pure core.
export {
  ACCEPTED_KINDS_LABEL,
  ATTACHMENT_MEDIA_TYPES,
  type AttachmentInput,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  safeAttachmentName,
  sniffAttachment,
} from './attachments.ts';
export {
  agencyIndexCode,
  BASIC_AREAS,
  CATEGORY_GROUP_LABELS,
  type CatalogueCategory,
  type CategoryDefinition,
  type CategoryGroup,
  DEFAULT_CATEGORIES,
  indexNumber,
  isTheme,
  isValidity,
  mergeCatalogue,
  parseIndexNumber,
  THEMES,
  VALIDITIES,
  VALIDITY_IDS,
  type Validity,
} from './catalogue.ts';
// The shell: use cases and jobs.
export {
  type ChannelCounts,
  channelCounts,
  type ExternalPublication,
  type ExternalPublicationInput,
  LINKED_CHANNELS,
  listExternalPublications,
  MAX_EXTERNAL_PUBLICATIONS,
  registerExternalPublication,
} from './channels.ts';
export { type CreateDraftInput, createDraft, type DraftResult, EDITOR_ROLES } from './create-draft.ts';
export { disclosureJobs, recomputePublicationClocks, releaseScheduledItems } from './disclosure-jobs.ts';
export {
  excerpt,
  FEED_SIZE,
  type Feed,
  type FeedEntry,
  feedUpdated,
  renderAtom,
  renderRss,
  renderSitemap,
  renderSitemapIndex,
  SITEMAP_PAGE_SIZE,
  type SitemapPlan,
  type SitemapUrl,
  sitemapPlan,
  xmlText,
} from './feeds.ts';
export {
  buildGuide,
  type Guide,
  type GuideApplication,
  type GuideCategoryGroup,
  type GuideFact,
  type GuideInput,
  NATIONAL_RULES,
  NOT_SET,
} from './guide.ts';
export {
  CHANNEL_IDS,
  CHANNELS,
  CHECKLIST_IDS,
  type Channel,
  EVENT_LABELS,
  type ItemContent,
  type ItemEvent,
  type ItemPhase,
  type ItemState,
  isChannel,
  type Justification,
  PHASE_LABELS,
  REVIEW_CHECKLIST,
} from './item.ts';
export { CONTENT_LIMITS, type ContentInput, normalizeContent, scanContent } from './item-rules.ts';
export { ITEM_READER_ROLES } from './item-shell.ts';
export {
  CATALOGUE_EDITOR_ROLES,
  listCatalogue,
  type SaveCategoryInput,
  saveCategory,
} from './manage-catalogue.ts';
export {
  describeFinding,
  FINDING_LABELS,
  type FieldFinding,
  type Finding,
  type FindingKind,
  redactPersonalData,
  SCANNED_FIELDS,
  scanPersonalData,
} from './personal-data.ts';
export {
  type AnnualReportEntry,
  countPublishedByCategory,
  listPublishedAnnualReports,
  MAX_ANNUAL_REPORTS,
  registeredChannels,
  reportYear,
} from './public-columns.ts';
export { publicItemStamp, publicItemStampNow, publishedItemsStamp } from './public-item-stamp.ts';
export {
  countAllPublishedItems,
  countPublishedItems,
  getPublishedAttachment,
  getPublishedItem,
  listPublishedItemRefs,
  listPublishedItems,
  MAX_PUBLIC_PAGE_SIZE,
  PUBLIC_PAGE_SIZE,
  type PublicItem,
  type PublicItemSummary,
  type PublicListQuery,
  type PublishedItemRef,
} from './public-items.ts';
export { type PublishInput, type PublishResult, parsePublishAt, publish } from './publish-item.ts';
export { redactContent, redactItem } from './redact-item.ts';
export {
  type RemovedExternalPublication,
  type RemoveExternalPublicationInput,
  removeExternalPublication,
} from './remove-external-publication.ts';
export {
  APPROVER_ROLES,
  approve,
  REVIEWER_ROLES,
  returnItem,
  type SignReviewInput,
  signReview,
  submitForReview,
} from './review-steps.ts';
export { reviseItem } from './revise-item.ts';
export { htmlToText, plainText, redactHtml, sanitizeBody } from './rich-text.ts';
export { itemPath, searchId } from './search-entry.ts';
export { PUBLICATION_ARTICLE, PUBLICATION_WORKING_DAYS, type Timeliness, timeliness } from './timeliness.ts';
export { type UpdateDraftInput, updateDraft } from './update-draft.ts';
export {
  type AttachmentView,
  getItem,
  getItemAttachment,
  type ItemListEntry,
  type ItemListQuery,
  listItems,
  MAX_LIST,
  type StaffItemView,
  type TimelineEntry,
  type VersionSummary,
} from './view-items.ts';
export {
  type WechatExportInput,
  wechatBody,
  wechatDocument,
  wechatFragment,
} from './wechat-export.ts';
export { withdraw } from './withdraw-item.ts';
export {
  applyItemEvent,
  foldItemEvents,
  initialItemState,
  type PublicationStatus,
  publicationStatus,
  reviewProblems,
  STATUS_LABELS,
} from './workflow.ts';
