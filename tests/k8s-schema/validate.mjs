// Validates every object of a multi-document Kubernetes YAML file against the Kubernetes OpenAPI schemas
// (kubernetes-models): prints "valid: N objects" and exits 0, or one line per problem and exits 1.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { Job } from "kubernetes-models/batch/v1";
import { PersistentVolumeClaim } from "kubernetes-models/v1";

const models = { "batch/v1 Job": Job, "v1 PersistentVolumeClaim": PersistentVolumeClaim };
let count = 0;
let failed = false;
for (const doc of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const object = doc.toJSON();
  const key = `${object?.apiVersion} ${object?.kind}`;
  const Model = models[key];
  if (!Model) {
    console.error(`document ${count + 1}: unexpected ${key}`);
    failed = true;
  } else {
    try {
      new Model(object).validate();
    } catch (e) {
      console.error(`document ${count + 1} (${key} ${object.metadata?.name}): ${e.message}`);
      failed = true;
    }
  }
  count++;
}
if (failed) process.exit(1);
console.log(`valid: ${count} objects`);
