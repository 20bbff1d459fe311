// Sign-up, sign-in, the current user, orgs, members, invitations and API tokens.
import { request } from "./endpoints.ts";
import type { ApiToken, CreatedApiToken, CreatedInvitation, Invitation, InvitationPreview, Me, Member, Org, Role } from "./types.ts";

type Signal = AbortSignal | undefined;

export const signUp = (body: { email: string; password: string; name?: string; orgName?: string }) => request<Me>("signup", { body });
export const logIn = (body: { email: string; password: string }) => request<Me>("login", { body });
export const logOut = () => request<void>("logout", { body: {} });
export const getMe = (signal?: Signal) => request<Me>("me", { signal });

export const listOrgs = (signal?: Signal) => request<Org[]>("listOrgs", { signal });
export const getOrg = (orgId: string, signal?: Signal) => request<Org>("getOrg", { params: { orgId }, signal });
export const listMembers = (orgId: string, signal?: Signal) => request<Member[]>("listMembers", { params: { orgId }, signal });
export const changeMemberRole = (orgId: string, userId: string, role: Role) =>
  request<Member>("changeMemberRole", { params: { orgId, userId }, body: { role } });
export const removeMember = (orgId: string, userId: string) => request<void>("removeMember", { params: { orgId, userId } });

export const createInvitation = (orgId: string, body: { email: string; role: Role }) =>
  request<CreatedInvitation>("createInvitation", { params: { orgId }, body });
export const listInvitations = (orgId: string, signal?: Signal) => request<Invitation[]>("listInvitations", { params: { orgId }, signal });
export const withdrawInvitation = (orgId: string, invitationId: string) =>
  request<void>("withdrawInvitation", { params: { orgId, invitationId } });
export const previewInvitation = (token: string, signal?: Signal) =>
  request<InvitationPreview>("previewInvitation", { params: { token }, signal });
/** Signed in: joins the org. Signed out: creates the invited account with `password`. */
export const acceptInvitation = (token: string, body: { password?: string; name?: string } = {}) =>
  request<Me & { orgId: string }>("acceptInvitation", { params: { token }, body });

export const listTokens = (signal?: Signal) => request<ApiToken[]>("listTokens", { signal });
export const createToken = (name: string) => request<CreatedApiToken>("createToken", { body: { name } });
export const revokeToken = (tokenId: string) => request<void>("revokeToken", { params: { tokenId } });
