// Questions about a class hierarchy recovered by PythonProject.classInfo: its method resolution
// order, whether the SDK registers it and under which model type, which abstract methods it leaves
// open (reference §8.4 steps 3-4).
import type { ModelType } from '../../plugin/model-types.js';
import type { ClassInfo } from './project.js';
import { MODEL_BASES, SDK_CLASSES } from './sdk.js';

const mroCache = new WeakMap<ClassInfo, ClassInfo[]>();

/** Method resolution order (C3; falls back to depth-first order when C3 has no solution). Memoised. */
export function mro(info: ClassInfo): ClassInfo[] {
  const hit = mroCache.get(info);
  if (hit) return hit;
  const inProgress = new Set<string>();
  const c3 = (c: ClassInfo): ClassInfo[] | undefined => {
    const known = mroCache.get(c);
    if (known) return known;
    if (inProgress.has(c.key)) return undefined; // cycle
    inProgress.add(c.key);
    const lists: ClassInfo[][] = [];
    for (const b of c.bases) {
      const l = c3(b);
      if (!l) return undefined;
      lists.push([...l]);
    }
    inProgress.delete(c.key);
    lists.push([...c.bases]);
    const out: ClassInfo[] = [c];
    while (lists.some((l) => l.length > 0)) {
      const head = lists.find((l) => l.length > 0 && !lists.some((o) => o.slice(1).some((x) => x.key === l[0].key)))?.[0];
      if (!head) return undefined;
      out.push(head);
      for (const l of lists) if (l[0]?.key === head.key) l.shift();
    }
    mroCache.set(c, out);
    return out;
  };
  let linear = c3(info);
  if (!linear) {
    linear = [];
    const seen = new Set<string>();
    const stack = [info];
    while (stack.length > 0) {
      const c = stack.shift()!;
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      linear.push(c);
      stack.unshift(...c.bases);
    }
    mroCache.set(info, linear);
  }
  return linear;
}

export function isUncertainClass(info: ClassInfo): boolean {
  return mro(info).some((c) => c.uncertain);
}

/** True when some class in the hierarchy comes (partly) from another package. */
export function hasExternalBase(info: ClassInfo): boolean {
  return mro(info).some((c) => c.external);
}

export function derivesFrom(info: ClassInfo, sdkName: string): boolean {
  return mro(info).some((c) => c.sdk === sdkName);
}

/** The type the SDK registers the class under, when it is a strict subclass of one of the six bases. */
export function modelTypeOf(info: ClassInfo): ModelType | undefined {
  if (info.sdk && MODEL_BASES.includes(info.sdk)) return undefined; // the base itself is not registered
  for (const c of mro(info)) {
    if (c.sdk && MODEL_BASES.includes(c.sdk)) return SDK_CLASSES[c.sdk].modelType;
  }
  return undefined;
}

/** Abstract names left unimplemented (Python's ABC rule: the first definition in the MRO decides). */
export function missingAbstract(info: ClassInfo): string[] {
  const order = mro(info);
  const required = new Set<string>();
  for (const c of order) {
    if (c.sdk) SDK_CLASSES[c.sdk].abstract.forEach((n) => required.add(n));
    if (c.local) c.local.cls.abstractMembers.forEach((n) => required.add(n));
  }
  const missing: string[] = [];
  for (const name of required) {
    for (const c of order) {
      if (c.sdk) {
        const s = SDK_CLASSES[c.sdk];
        if (s.concrete.includes(name)) break;
        if (s.abstract.includes(name)) {
          missing.push(name);
          break;
        }
      } else if (c.local) {
        if (c.local.cls.members.has(name)) break;
        if (c.local.cls.abstractMembers.has(name)) {
          missing.push(name);
          break;
        }
      }
    }
  }
  return missing;
}

/** True when a plugin class in the MRO (before the SDK) defines `name`. */
export function pluginDefines(info: ClassInfo, name: string): boolean {
  return mro(info).some((c) => c.local?.cls.members.has(name));
}

