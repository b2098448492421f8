// The studio's version, which every saved model records: package.json's, so it cannot drift from the
// package. esbuild inlines it at build time (a named import of a JSON file bundles only that field).
export { version as STUDIO_VERSION } from '../../package.json';
