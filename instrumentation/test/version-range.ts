// Just enough of npm's range syntax to check our own SUPPORTED_VERSIONS ranges (">=4.0.0 <8"):
// space-separated comparators, all of which must hold. No semver package is installed for tests.

export type Operator = ">=" | ">" | "<=" | "<" | "=";

export interface Comparator {
  operator: Operator;
  /** major, minor, patch; parts left out of the range text are 0 (`<8` is `<8.0.0`). */
  version: [number, number, number];
}

export function parseVersion(text: string): [number, number, number] {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) throw new Error(`not a plain version: ${JSON.stringify(text)}`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function parseRange(range: string): Comparator[] {
  return range
    .trim()
    .split(/\s+/)
    .map((part) => {
      const match = /^(>=|<=|>|<|=)?(.+)$/.exec(part);
      if (match === null) throw new Error(`cannot read comparator ${JSON.stringify(part)} in ${JSON.stringify(range)}`);
      return { operator: (match[1] ?? "=") as Operator, version: parseVersion(match[2] ?? "") };
    });
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return parseRange(range).every(({ operator, version: bound }) => {
    const order = compareVersions(v, bound);
    switch (operator) {
      case ">=":
        return order >= 0;
      case ">":
        return order > 0;
      case "<=":
        return order <= 0;
      case "<":
        return order < 0;
      case "=":
        return order === 0;
    }
  });
}

/** The version a `>=` comparator names: the oldest release the range admits. */
export function lowerBound(range: string): string {
  const found = parseRange(range).find((comparator) => comparator.operator === ">=");
  if (found === undefined) throw new Error(`${JSON.stringify(range)} has no >= lower bound`);
  return found.version.join(".");
}

/** The major of an exclusive `<N` upper bound: the newest admitted release is in major N − 1. */
export function exclusiveUpperMajor(range: string): number {
  const found = parseRange(range).find((comparator) => comparator.operator === "<");
  if (found === undefined) throw new Error(`${JSON.stringify(range)} has no < upper bound`);
  const [major, minor, patch] = found.version;
  if (minor !== 0 || patch !== 0) throw new Error(`${JSON.stringify(range)}: expected an upper bound on a major version`);
  return major;
}
