// Addresses of the runs pages. The time zone of the view travels along (when the URL chose one), so a
// run opened from the list shows its times in the same zone, and the list opened from a run too.

/** The run's page. */
export function runHref(projectId: string, runId: string, tz?: string): string {
  return `/p/${encodeURIComponent(projectId)}/runs/${encodeURIComponent(runId)}${search({ tz })}`;
}

/** The runs list narrowed to some filters, e.g. { userId: "u1" }; the range widens to 90 days. */
export function runsListHref(
  projectId: string,
  filters: Readonly<Record<string, string | readonly string[] | undefined>> = {},
  tz?: string,
): string {
  return `/p/${encodeURIComponent(projectId)}/runs${search({ ...filters, tz })}`;
}

/** The list the run was opened from (its query string, kept in the link's state), else the plain list. */
export function backToListHref(projectId: string, listSearch: unknown, tz?: string): string {
  if (typeof listSearch === "string" && (listSearch === "" || listSearch.startsWith("?")))
    return `/p/${encodeURIComponent(projectId)}/runs${listSearch}`;
  return runsListHref(projectId, {}, tz);
}

function search(values: Readonly<Record<string, string | readonly string[] | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of typeof value === "string" ? [value] : value) params.append(name, item);
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
