// Checks an unpacked `npm pack` tarball (the `package/` directory) against its package.json:
// every `files` entry, `main`, `module`, `types`, `sideEffects` and every target of `exports`
// (each condition, wildcards included) names files the tarball has; `types` comes first in each
// conditions object (TypeScript reads conditions in order); the declarations sit beside the
// scripts they describe; nothing outside `files` is packed; and every file of the built
// dist/ is in the tarball. Usage: node check-pack.mjs PACKAGE_DIR BUILT_DIST_DIR
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const [pkgDir, builtDist] = process.argv.slice(2);
if (!pkgDir || !builtDist) {
  console.error("usage: node check-pack.mjs PACKAGE_DIR BUILT_DIST_DIR");
  process.exit(2);
}

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(pkgDir, path).split(sep).join("/")];
  });
const packed = new Set(walk(pkgDir));
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const problems = [];
const fail = (message) => problems.push(message);

/** The packed files a package-relative target (`./dist/x.js`, `./dist/details/*`) names. */
const matches = (target) => {
  const path = target.replace(/^\.\//, "");
  if (!path.includes("*")) return packed.has(path) ? [path] : [];
  const [head, tail] = path.split("*");
  return [...packed].filter((f) => f.startsWith(head) && f.endsWith(tail) && f.length > head.length + tail.length);
};
const mustExist = (field, target) => {
  if (typeof target !== "string") return fail(`${field}: not a path: ${JSON.stringify(target)}`);
  if (!target.startsWith("./") && field.startsWith("exports")) fail(`${field}: ${target} must start with ./`);
  if (matches(target).length === 0) fail(`${field}: ${target} is not in the tarball`);
};

// `files`: each entry packs something, and nothing else is packed (npm always adds package.json,
// README and LICENSE files).
const files = manifest.files ?? [];
if (files.length === 0) fail("files: missing (the tarball would hold the whole directory)");
for (const entry of files) {
  const dir = entry.replace(/\/$/, "");
  if (![...packed].some((f) => f === dir || f.startsWith(`${dir}/`))) fail(`files: ${entry} packs nothing`);
}
const always = /^(package\.json|readme(\.[^/]*)?|licen[cs]e(\.[^/]*)?|changelog(\.[^/]*)?)$/i;
for (const f of packed) {
  const listed = files.some((entry) => {
    const dir = entry.replace(/\/$/, "");
    return f === dir || f.startsWith(`${dir}/`);
  });
  if (!listed && !always.test(f)) fail(`${f} is packed but not listed in files`);
}

// The top-level entry points.
for (const field of ["main", "module", "types"]) {
  if (manifest[field] === undefined) fail(`${field}: missing`);
  else mustExist(field, manifest[field].startsWith("./") ? manifest[field] : `./${manifest[field]}`);
}
if (manifest.types && !/\.d\.ts$/.test(manifest.types)) fail(`types: ${manifest.types} is not a .d.ts`);
for (const entry of manifest.sideEffects ?? []) mustExist("sideEffects", entry);

// `exports`: every subpath, every condition.
const exportsField = manifest.exports;
if (!exportsField || typeof exportsField !== "object") fail("exports: missing");
const subpaths = Object.entries(exportsField ?? {});
if (!subpaths.some(([subpath]) => subpath === ".")) fail('exports: no "." entry');
for (const [subpath, target] of subpaths) {
  if (subpath !== "." && !subpath.startsWith("./")) fail(`exports: ${subpath} must start with ./`);
  if (typeof target === "string") {
    mustExist(`exports["${subpath}"]`, target);
    if (subpath.includes("*") !== target.includes("*")) fail(`exports["${subpath}"]: * on one side only`);
    continue;
  }
  const conditions = Object.keys(target);
  if (!conditions.includes("default")) fail(`exports["${subpath}"]: no "default" condition`);
  if (conditions.at(-1) !== "default") fail(`exports["${subpath}"]: "default" must come last`);
  if (conditions.includes("types") && conditions[0] !== "types") fail(`exports["${subpath}"]: "types" must come first`);
  for (const [condition, path] of Object.entries(target)) mustExist(`exports["${subpath}"].${condition}`, path);
  // A script's declarations are its own `.d.ts`, beside it.
  if (target.types && target.default) {
    const expected = target.default.replace(/\.js$/, ".d.ts");
    if (target.types !== expected) fail(`exports["${subpath}"]: types ${target.types}, expected ${expected}`);
  }
}
if (exportsField?.["."]?.types !== undefined && manifest.types !== undefined) {
  const norm = (p) => p.replace(/^\.\//, "");
  if (norm(exportsField["."].types) !== norm(manifest.types)) fail('types and exports["."].types differ');
}

// Every built file is shipped.
const distFiles = [];
const collect = (dir, prefix) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, `${prefix}${name}/`);
    else distFiles.push(`${prefix}${name}`);
  }
};
collect(builtDist, "dist/");
for (const f of distFiles) if (!packed.has(f)) fail(`${f} was built but is not in the tarball`);

if (problems.length > 0) {
  console.error(`${manifest.name}@${manifest.version}: ${problems.length} problem(s) in the tarball:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
const targets = subpaths.length;
console.log(
  `${manifest.name}@${manifest.version}: ${packed.size} files; files, main, module, types, sideEffects ` +
    `and ${targets} exports entries resolve to packed files; all ${distFiles.length} built files packed`,
);
