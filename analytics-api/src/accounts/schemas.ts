// Request shapes of the account routes, shared by the routers (validation) and the OpenAPI document.
// Strict objects: an unknown field is a 400 naming it. (NoQuery and NoBody are in http/validate.ts.)
import { z } from "zod";
import { displayNameField, emailField, newPasswordField, passwordField, roleField } from "./fields.ts";

export const SignUpBody = z.strictObject({
  email: emailField,
  password: newPasswordField,
  name: displayNameField.optional(),
  orgName: displayNameField.optional(),
});
export const LoginBody = z.strictObject({ email: emailField, password: passwordField });
export const ProjectBody = z.strictObject({ orgId: z.string().min(1).max(200), name: displayNameField });
export const RoleBody = z.strictObject({ role: roleField });
export const InvitationBody = z.strictObject({ email: emailField, role: roleField });
export const AcceptBody = z.strictObject({ password: newPasswordField.optional(), name: displayNameField.optional() });
export const KeyBody = z.strictObject({ name: displayNameField });
export const TokenBody = z.strictObject({
  name: displayNameField,
  expiresInDays: z
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe("Days until the token stops working; the server's default (90) when absent, at most its maximum (365)."),
});
export const PasswordChangeBody = z.strictObject({ currentPassword: passwordField, newPassword: newPasswordField });
