/** File names in a zip archive (a .vsix). */
export function zipEntries(file: string): string[];
