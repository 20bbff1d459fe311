// Why a backup or a restore was refused or failed, in words an operator can act on.
export type BackupErrorCode =
  | "BACKUP_MISSING"
  | "BACKUP_INVALID"
  | "BACKUP_PARTIAL"
  | "BACKUP_MISMATCH"
  | "BACKUP_TARGET_NOT_EMPTY"
  | "RESTORE_TARGET_NOT_EMPTY"
  | "RESTORE_INCOMPLETE"
  | "BACKUP_BUSY"
  | "BACKUP_FAILED";

export class BackupError extends Error {
  readonly code: BackupErrorCode;
  constructor(message: string, code: BackupErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BackupError";
    this.code = code;
  }
}
