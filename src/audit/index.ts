export {
  type AuditEntry,
  type AuditQuery,
  appendAudit,
  listAudit,
  purgeAuditBefore,
  readAuditInOrder,
} from './audit.repository.ts';
export {
  AUDIT_RETENTION_DAYS,
  type AuditRecord,
  type ChainProblem,
  GENESIS_HASH,
  verifyChain,
} from './audit-chain.ts';
export { type AuditVerification, verifyAuditLog } from './verify-audit-log.ts';
