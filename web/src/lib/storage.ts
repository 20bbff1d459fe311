// The few things the dashboard remembers in the browser. Storage may be unavailable (private mode,
// blocked cookies): every access is guarded and falls back to "nothing remembered".

export const THEME_KEY = "pm-theme";
const LAST_PROJECT_KEY = "pm-last-project";

export function readLocal(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeLocal(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the preference lasts for this page only.
  }
}

export const lastProjectId = (): string | null => readLocal(LAST_PROJECT_KEY);
export const rememberProject = (projectId: string): void => writeLocal(LAST_PROJECT_KEY, projectId);
