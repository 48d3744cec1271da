// Validates Kubernetes manifests against the Kubernetes API's own schema, without a cluster:
// each document's apiVersion and kind pick the model that kubernetes-models generates from the
// Kubernetes OpenAPI specification, and its validate() checks the document against that schema
// (field types, required fields, formats such as quantities and int-or-string).
//
//   npm ci --prefix docker/k8s/validate
//   node docker/k8s/validate/validate.mjs docker/k8s/ofql-sweep-job.yaml [MORE.yaml ...]
//
// Prints one line per document; exits 1 if any document is invalid or of an unknown kind, 2 on
// unreadable input. The schema, like kubectl's client-side validation, allows fields it does not
// know; `kubectl apply --validate=strict` on a cluster also rejects those.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs MANIFEST.yaml [MORE.yaml ...]");
  process.exit(2);
}

/** The module of a kind: apiVersion "v1" lives in kubernetes-models/v1, "batch/v1" in batch/v1. */
async function modelFor(apiVersion, kind) {
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Z][A-Za-z]+$/.test(kind)) {
    return undefined;
  }
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      return undefined;
    }
    throw e;
  }
}

let invalid = 0;
for (const file of files) {
  let docs;
  try {
    docs = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    console.error(`${file}: ${e.message.split("\n")[0]}`);
    process.exit(2);
  }
  if (docs.length === 0) {
    console.log(`${file}: no documents`);
    invalid++;
  }
  for (const [i, doc] of docs.entries()) {
    const where = `${file}: document ${i + 1}`;
    if (typeof doc !== "object" || Array.isArray(doc)) {
      console.log(`${where}: not a mapping`);
      invalid++;
      continue;
    }
    const name = `${doc.kind} ${doc.metadata?.name ?? "(no name)"}`;
    const Model = await modelFor(String(doc.apiVersion), String(doc.kind));
    if (!Model) {
      console.log(`${where}: unknown apiVersion/kind '${doc.apiVersion}' '${doc.kind}'`);
      invalid++;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`${where} (${name}): valid ${doc.apiVersion} ${doc.kind}`);
    } catch (e) {
      console.log(`${where} (${name}): ${e.message}`);
      invalid++;
    }
  }
}
process.exit(invalid === 0 ? 0 : 1);
