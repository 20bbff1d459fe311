// Time zones: the browser's own, and the list a person can pick from.

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Whether the runtime knows this IANA zone. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

let zones: string[] | undefined;

/** Every IANA zone the browser knows, UTC first. */
export function allTimeZones(): string[] {
  if (zones) return zones;
  let list: string[];
  try {
    list = Intl.supportedValuesOf("timeZone");
  } catch {
    list = [browserTimeZone()];
  }
  zones = ["UTC", ...list.filter((zone) => zone !== "UTC")];
  return zones;
}
