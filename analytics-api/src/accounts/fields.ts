// Field rules shared by the account routes.
import { z } from "zod";
import { ROLES } from "@promptmetrics/clickhouse";

export const MIN_PASSWORD_LENGTH = 10;
// scrypt cost does not depend on length, but parsing and normalising a megabyte "password" does.
export const MAX_PASSWORD_LENGTH = 1024;

export const emailField = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const newPasswordField = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
/** Sign-in accepts any length within bounds: accounts made by the bootstrap allow 8 characters. */
export const passwordField = z.string().min(1).max(MAX_PASSWORD_LENGTH);
export const displayNameField = z.string().trim().min(1).max(100);
export const roleField = z.enum(ROLES);
