// PEP 440 version syntax, as `packaging.version.Version` (used by the SDK) accepts it:
// the VERSION_PATTERN of the packaging library, matched case-insensitively, surrounding spaces allowed.
const PEP440 = new RegExp(
  '^\\s*v?' +
    '(?:(?:[0-9]+)!)?' + // epoch
    '(?:[0-9]+(?:\\.[0-9]+)*)' + // release
    '(?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?:[0-9]+)?)?' + // pre-release
    '(?:(?:-(?:[0-9]+))|(?:[-_.]?(?:post|rev|r)[-_.]?(?:[0-9]+)?))?' + // post-release
    '(?:[-_.]?(?:dev)[-_.]?(?:[0-9]+)?)?' + // dev release
    '(?:\\+(?:[a-z0-9]+(?:[-_.][a-z0-9]+)*))?' + // local version
    '\\s*$',
  'i',
);

export function isPep440(version: string): boolean {
  return PEP440.test(version);
}
