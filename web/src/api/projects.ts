// Projects and what belongs to one: status, sample data, ingest keys, price overrides, unknown models.
import { request } from "./endpoints.ts";
import type {
  CreatedIngestKey,
  IngestKey,
  NewPriceOverride,
  UsedSyncedPrice,
  PriceOverride,
  Project,
  ProjectStatus,
  SampleDataResult,
  UnknownModel,
} from "./types.ts";

type Signal = AbortSignal | undefined;

export const listProjects = (signal?: Signal) => request<Project[]>("listProjects", { signal });
export const createProject = (body: { orgId: string; name: string }) => request<Project>("createProject", { body });
export const getProject = (projectId: string, signal?: Signal) => request<Project>("getProject", { params: { projectId }, signal });
export const getProjectStatus = (projectId: string, signal?: Signal) =>
  request<ProjectStatus>("projectStatus", { params: { projectId }, signal });
export const loadSampleData = (projectId: string) => request<SampleDataResult>("loadSampleData", { params: { projectId }, body: {} });

export const listIngestKeys = (projectId: string, signal?: Signal) =>
  request<IngestKey[]>("listIngestKeys", { params: { projectId }, signal });
export const createIngestKey = (projectId: string, name: string) =>
  request<CreatedIngestKey>("createIngestKey", { params: { projectId }, body: { name } });
export const revokeIngestKey = (projectId: string, keyId: string) => request<void>("revokeIngestKey", { params: { projectId, keyId } });

export const listPriceOverrides = (projectId: string, signal?: Signal) =>
  request<PriceOverride[]>("listPriceOverrides", { params: { projectId }, signal });
export const createPriceOverride = (projectId: string, body: NewPriceOverride) =>
  request<PriceOverride>("createPriceOverride", { params: { projectId }, body });
export const listUnknownModels = (projectId: string, signal?: Signal) =>
  request<UnknownModel[]>("listUnknownModels", { params: { projectId }, signal });
/** Stores the synced price of an unknown model as the project's override and re-prices its runs. */
export const applySyncedPrice = (projectId: string, model: string) =>
  request<UsedSyncedPrice>("useSyncedPrice", { params: { projectId }, body: { model } });
