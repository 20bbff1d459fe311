// One definition of "the same model name", shared by the catalogue's uniqueness check and the matcher.

/** Names compare case-insensitively and without surrounding whitespace. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}
