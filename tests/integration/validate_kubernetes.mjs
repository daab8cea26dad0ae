// Validates Kubernetes objects (YAML documents on stdin, as `kubectl kustomize` prints them)
// against the Kubernetes OpenAPI schemas that npm's kubernetes-models carries, offline.
// Prints one line per object; exits 1 when one is invalid or of an unknown kind.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const require = createRequire(process.env.NODE_MODULES_DIR + "/");
const { parseAllDocuments } = require("yaml");

let failures = 0;
for (const document of parseAllDocuments(readFileSync(0, "utf8"))) {
  const object = document.toJS();
  if (!object) continue;
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/")
    : [null, object.apiVersion];
  const path = group ? `${group}/${version}` : version;
  const name = `${object.kind}/${object.metadata?.name}`;
  try {
    const file = `${process.env.NODE_MODULES_DIR}/kubernetes-models/${path}/${object.kind}.js`;
    const Model = (await import(pathToFileURL(file).href))[object.kind];
    new Model(object).validate();
    console.log(`valid: ${name} (${object.apiVersion})`);
  } catch (error) {
    failures += 1;
    console.log(`INVALID: ${name}: ${String(error.message).split("\n").slice(0, 5).join(" ")}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
