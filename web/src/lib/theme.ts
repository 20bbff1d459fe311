// Light or dark, persisted in localStorage under pm-theme (index.html applies it before first paint;
// without a stored choice the system preference decides).
import { useCallback, useEffect, useState } from "react";
import { readLocal, THEME_KEY, writeLocal } from "./storage.ts";

export type Theme = "light" | "dark";

function systemTheme(): Theme {
  try {
    return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  } catch {
    return "light";
  }
}

export function currentTheme(): Theme {
  const stored = readLocal(THEME_KEY);
  return stored === "dark" || stored === "light" ? stored : systemTheme();
}

export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle("dark", theme === "dark");
}

export function useTheme(): { theme: Theme; setTheme: (theme: Theme) => void; toggle: () => void } {
  const [theme, setThemeState] = useState<Theme>(currentTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const setTheme = useCallback((next: Theme) => {
    writeLocal(THEME_KEY, next);
    setThemeState(next);
  }, []);
  const toggle = useCallback(() => setTheme(currentTheme() === "dark" ? "light" : "dark"), [setTheme]);
  return { theme, setTheme, toggle };
}
