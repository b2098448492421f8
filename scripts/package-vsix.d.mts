/** Packages the extension into outFile; resolves to its absolute path. */
export function packageVsix(outFile: string, extDir?: string): Promise<string>;
