// Cross-file rules: what no single file's schema can see (reference §8, §11 "X" rules), plus the
// package-level file checks (F rules). Each rule is a small module; this list is their run order.
import type { Rule } from '../../rule.js';
import { pathSafety, providerYamlExists } from './paths.js';
import { iconFiles, assetsFolder } from './icons.js';
import { showOnTargets, duplicateVariables } from './credentials.js';
import { globPatterns, unreachedYaml } from './globs.js';
import { positionFileShape, positionConsistency } from './positions.js';
import { sourceFiles, sourceModuleNames } from './sources.js';
import { configurateCompanions, supportedModelTypes, duplicateModels, mappingKeyMatchesType } from './declarations.js';
import { providerClass, modelClasses, abstractMethods } from './python-classes.js';
import { pythonSyntax } from './python-syntax.js';
import { credentialReads } from './credential-reads.js';
import { unusedPermissions } from './permissions.js';
import { placeholderFiles } from './placeholders.js';
import { runtimeFiles, readmeFiles, privacyFile, packageSize } from './package-files.js';
import { ignoreFileExclusions } from './difyignore.js';
import { readableFiles } from './readable-files.js';

export const crossRules: Rule[] = [
  iconFiles, // P5
  showOnTargets, // P11
  duplicateVariables, // P12
  globPatterns, // P14
  positionFileShape, // P15
  sourceFiles, // P16
  sourceModuleNames, // P17
  configurateCompanions, // P19
  supportedModelTypes, // X1
  providerClass, // X2
  abstractMethods, // X3
  duplicateModels, // X4
  positionConsistency, // X5
  mappingKeyMatchesType, // X6
  modelClasses, // X7
  pythonSyntax, // X8
  credentialReads, // X9
  unusedPermissions, // X10
  assetsFolder, // F1
  runtimeFiles, // F2
  readmeFiles, // F3
  privacyFile, // F4
  packageSize, // F5
  ignoreFileExclusions, // F6
  pathSafety, // F7
  unreachedYaml, // F8
  providerYamlExists, // F9
  placeholderFiles, // F10
  readableFiles, // F11 (last: it reports what the other rules' reads ran into)
];
