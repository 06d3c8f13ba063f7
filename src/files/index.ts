// Stored files (the attachments of 主动公开 items): where their bytes are kept — in the database
// row (the default) or in a files directory (GONGKAI_FILES_DIR) — and the check of that directory.
export { checkFiles, type FilesCheck, ORPHAN_MIN_AGE_MS } from './check-files.ts';
export { databaseFileStore, insertDatabaseFile, storedLocation } from './database-store.ts';
export {
  type DirectoryFileStore,
  directoryFileStore,
  isDirectoryFileStore,
  openDirectoryFileStore,
  type StoredEntry,
} from './directory-store.ts';
export {
  assertSha256,
  type FileLocation,
  type FileProblem,
  type FileStore,
  fileProblems,
  isSha256,
  reportFileProblem,
} from './file-store.ts';
