// The forms of the register pages as typed, and what they mean: a document, a change of 有效性,
// the year's figures. Problems the pure rules find are the use cases'; here only the shape.
import {
  isNormativeKind,
  isNormativeStatus,
  type NormativeDocument,
  type NormativeKind,
  type NormativeStatus,
} from '../../normative/index.ts';

export interface DocumentFormValues {
  kind: string;
  title: string;
  documentNumber: string;
  issuedOn: string;
  effectiveOn: string;
  validUntil: string;
  status: string;
  statusOn: string;
  itemId: string;
  revision: string;
}

export const DOCUMENT_FIELDS: readonly (keyof DocumentFormValues)[] = [
  'kind',
  'title',
  'documentNumber',
  'issuedOn',
  'effectiveOn',
  'validUntil',
  'status',
  'statusOn',
  'itemId',
  'revision',
];

export function documentFormValues(body: Partial<Record<string, string>>): DocumentFormValues {
  const values = {} as DocumentFormValues;
  for (const name of DOCUMENT_FIELDS) values[name] = body[name] ?? '';
  return values;
}

export function valuesOfDocument(doc: NormativeDocument & { revision?: number }): DocumentFormValues {
  return {
    kind: doc.kind,
    title: doc.title,
    documentNumber: doc.documentNumber,
    issuedOn: doc.issuedOn,
    effectiveOn: doc.effectiveOn,
    validUntil: doc.validUntil ?? '',
    status: doc.status,
    statusOn: doc.statusOn ?? '',
    itemId: doc.itemId ?? '',
    revision: doc.revision === undefined ? '' : String(doc.revision),
  };
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The document a form describes; kind and status the form cannot name are problems here. */
export function parseDocumentForm(values: DocumentFormValues): {
  document: NormativeDocument;
  problems: string[];
} {
  const problems: string[] = [];
  if (!isNormativeKind(values.kind)) problems.push('请选择类别（规章或行政规范性文件）');
  if (!isNormativeStatus(values.status)) problems.push('请选择有效性（有效、废止、失效或修改）');
  const status: NormativeStatus = isNormativeStatus(values.status) ? values.status : 'valid';
  return {
    document: {
      kind: (isNormativeKind(values.kind) ? values.kind : 'normative') as NormativeKind,
      title: values.title,
      documentNumber: values.documentNumber,
      issuedOn: values.issuedOn.trim(),
      effectiveOn: values.effectiveOn.trim(),
      validUntil: blankToNull(values.validUntil),
      status,
      // A date left in the form after choosing 有效 is not an error of the user's.
      statusOn: status === 'valid' ? null : blankToNull(values.statusOn),
      itemId: blankToNull(values.itemId),
    },
    problems,
  };
}

/** The revision a form was filled in on, or null when it is not one. */
export function parseRevision(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) return null;
  return Number(text.trim());
}

/** A year in a query or a form, or null. */
export function parseYear(text: string | undefined): number | null {
  if (text === undefined || !/^\d{4}$/.test(text.trim())) return null;
  const year = Number(text.trim());
  return year >= 2000 && year <= 2100 ? year : null;
}
