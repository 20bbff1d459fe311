// Credentials shared by the API (which creates them) and the ingest (which checks ingest keys).
export { hashPassword, verifyPassword } from "./passwords.ts";
export { generateKey, hashSecret, keyPrefix, type GeneratedKey, type KeyKind } from "./api-keys.ts";
