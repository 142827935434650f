// `--marketplace`: the Marketplace's offline submission checks (reference marketplace-and-package.md
// §2 A–J, P–Q), at the severity of §2.R (BLOCKING → error, WARNING → warning). Online checks (the
// version already on the Marketplace, OSV, the PR body) are out of scope. Checks the core rules
// already make are not repeated (one problem, one finding): MK23/MK27 (Y2, M2), MK33 (P5, F6),
// MK60-MK67 (the M, P, D, F rules). MK3-MK6 and MK12 are checked on a package file (validate
// <file.difypkg>) when it is opened; `package` checks the size of what it writes. MK22 cannot fire (§5 D19).
import type { Rule } from '../../rule.js';
import type { NamedRule } from '../index.js';
import { scanContents } from './contents.js';
import { scanSecrets } from './secrets.js';
import { scanBinaries } from './binaries.js';
import { packagedFilesOf, scanRule } from './scan-rule.js';
import type { LoadedPlugin } from '../../../plugin/load.js';
import { requiredFields, minimumDifyVersion, bannedAuthor, repoHost, contactEmail, privacyFileExists, privacyReference, privacyContent } from './manifest.js';
import { templateIcon, legacyIcon } from './icon.js';
import { readmePresent, readmeSourceLink, readmeEnglish, localizedReadmeNames, readmeSections } from './readme.js';
import { dependencyRules } from './dependencies.js';
import { compilesForMarketplace } from '../cross/python-syntax.js';
import { scanSafety } from './safety.js';

const contents = (p: LoadedPlugin) => scanContents(packagedFilesOf(p).files);
const secrets = (p: LoadedPlugin) => scanSecrets(packagedFilesOf(p).files);
const binaries = (p: LoadedPlugin) => scanBinaries(packagedFilesOf(p).files);

/** Core rules whose findings a marketplace rule states more strictly (F4's PRIVACY.md → MK24/MK30/MK31; X8 → MK48). */
export const SUPERSEDED_BY_MARKETPLACE: ReadonlySet<string> = new Set(['F4', 'X8']);

/** Checks of a package file (validate <file.difypkg>), made when it is opened (../../package-input.ts). */
const ARCHIVE: Rule[] = [
  { id: 'MK3', severity: 'error', description: 'Package file: a readable zip whose entry names are neither absolute nor climb out with ".." (nothing else is checked then, as in the Marketplace).' },
  { id: 'MK4', severity: 'error', description: 'Package file: manifest.yaml at the archive root, not inside a wrapper folder.' },
  { id: 'MK5', severity: 'error', description: "Package file: no folder entries (Dify's checksum fails on them, so the package cannot be installed)." },
  { id: 'MK6', severity: 'error', description: "Package file: the name ends in .difypkg (Dify's install dialog and the Marketplace's validator take no other)." },
  { id: 'MK12', severity: 'error', description: 'Package file, under --marketplace: at most 52,428,800 bytes (50 MiB) packed.' },
];

const UNNAMED: Rule[] = [
  ...ARCHIVE,
  scanRule('MK7', 'error', 'Marketplace: no blocked folder (.git, .venv, venv, env, __pycache__, node_modules, tool caches, IDE folders) in the package.', contents),
  scanRule('MK8', 'warning', 'Marketplace: build/ and dist/ folders in the package are reviewed by hand.', contents),
  scanRule('MK9', 'error', 'Marketplace: no .env (other than .env.example/.sample/.template), .DS_Store, Thumbs.db, desktop.ini, .gitconfig or id_rsa in the package.', contents),
  scanRule('MK10', 'error', 'Marketplace: no .key, .pem, .p12, .pfx, .pyc, .pyo, .log, .tmp, .swp, .swo or .bak file in the package.', contents),
  scanRule('MK11', 'warning', 'Marketplace: archives (.zip, .tar, .gz, .tgz, .bz2, .xz, .7z, .rar) in the package are reviewed by hand.', contents),
  scanRule('MK13', 'error', 'Marketplace: the packaged files total at most 50 MiB.', contents),
  scanRule('MK14', 'error', 'Marketplace: the package holds at most 5,000 files.', contents),
  scanRule('MK15', 'error', 'Marketplace: no PEM private key block in any packaged file.', secrets),
  scanRule('MK16', 'error', 'Marketplace: no OpenAI, GitHub, Slack, AWS or JWT token in any packaged file.', secrets),
  scanRule('MK17', 'error', 'Marketplace: no high-entropy value assigned to a key/secret/token/password name (lower-entropy ones and files over 1 MiB are warnings).', secrets),
  scanRule('MK18', 'error', 'Marketplace: no Dify CLI/daemon binary (dify-plugin-<os>-...) in the package.', binaries),
  scanRule('MK19', 'error', 'Marketplace: no executable (ELF, PE, Mach-O) by magic bytes (warning inside a *.whl folder).', binaries),
  scanRule('MK20', 'error', 'Marketplace: no native library or executable (.dll, .dylib, .exe, .node, .pyd, .so; warning inside a *.whl folder).', binaries),
  scanRule('MK21', 'warning', 'Marketplace: .app, .bin, .command, .run and .sh files are reviewed by hand.', binaries),
  requiredFields, // MK24
  minimumDifyVersion, // MK25
  bannedAuthor, // MK26
  repoHost, // MK28
  contactEmail, // MK29
  privacyFileExists, // MK30
  privacyReference, // MK31
  privacyContent, // MK32
  templateIcon, // MK34
  legacyIcon, // MK35
  readmePresent, // MK36
  readmeSourceLink, // MK37
  readmeEnglish, // MK38
  localizedReadmeNames, // MK39
  readmeSections, // MK40
  ...dependencyRules, // MK41-MK47
  compilesForMarketplace, // MK48
  scanRule('MK49', 'warning', 'Marketplace: the Python safety warnings it lists for a reviewer, one finding per kind: requests calls without timeout= and credential-like values in log calls or raised exceptions are warnings; places listed only for a name (CredentialsValidateFailedError, a token count) and return/yield values are info.', scanSafety),
];

/** Readable names (configuration, disable comments), like the core rules' names.ts. Never change one once published. */
export const MARKETPLACE_RULE_NAMES: Record<string, string> = {
  MK3: 'mk-safe-archive-names',
  MK4: 'mk-manifest-at-root',
  MK5: 'mk-no-folder-entries',
  MK6: 'mk-difypkg-name',
  MK12: 'mk-packed-size',
  MK7: 'mk-blocked-folder',
  MK8: 'mk-review-folder',
  MK9: 'mk-blocked-file',
  MK10: 'mk-blocked-suffix',
  MK11: 'mk-archive-file',
  MK13: 'mk-unpacked-size',
  MK14: 'mk-file-count',
  MK15: 'mk-private-key',
  MK16: 'mk-vendor-token',
  MK17: 'mk-secret-assignment',
  MK18: 'mk-daemon-binary',
  MK19: 'mk-executable-magic',
  MK20: 'mk-native-library',
  MK21: 'mk-script-file',
  MK24: 'mk-manifest-required-fields',
  MK25: 'mk-minimum-dify-version',
  MK26: 'mk-reserved-author',
  MK28: 'mk-repo-host',
  MK29: 'mk-contact-email',
  MK30: 'mk-privacy-file',
  MK31: 'mk-privacy-reference',
  MK32: 'mk-privacy-content',
  MK34: 'mk-template-icon',
  MK35: 'mk-legacy-icon',
  MK36: 'mk-readme',
  MK37: 'mk-readme-source-link',
  MK38: 'mk-readme-english',
  MK39: 'mk-readme-translation-name',
  MK40: 'mk-readme-sections',
  MK41: 'mk-git-dependency',
  MK42: 'mk-url-dependency',
  MK43: 'mk-local-dependency',
  MK44: 'mk-large-dependency',
  MK45: 'mk-dify-plugin-version',
  MK46: 'mk-unconstrained-dependency',
  MK47: 'mk-lower-bound-dependency',
  MK48: 'mk-python-compiles',
  MK49: 'mk-python-safety',
};

export const MARKETPLACE_RULES: NamedRule[] = UNNAMED.map((r) => ({ ...r, name: MARKETPLACE_RULE_NAMES[r.id] ?? r.id.toLowerCase() }));
