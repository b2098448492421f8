/** What a .vsix may hold (paths under extension/). */
export const VSIX_ALLOWED: RegExp[];
/** The entries no pattern allows. */
export function unexpectedVsixFiles(files: string[]): string[];
