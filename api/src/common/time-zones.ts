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

let byLowerCase: Map<string, string> | undefined;

/** The zone's usual spelling when it was typed in another case (europe/berlin → Europe/Berlin). */
export function canonicalZone(name: string): string {
  byLowerCase ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((z) => [z.toLowerCase(), z]));
  return byLowerCase.get(name.toLowerCase()) ?? name;
}
