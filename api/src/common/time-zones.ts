/** True for an IANA time zone name this runtime knows (e.g. Europe/Berlin, UTC). */
export function isIanaZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
