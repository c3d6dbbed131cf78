import { makeExamples } from './examples';
import { formatJson } from './format-json';
import { schemaDocuments } from './json-schemas';
import { REFERENCE_PATH, renderReference } from './reference';

export { REFERENCE_PATH };

/**
 * Every generated file of the contract, by path relative to the repository root, with its full text. Pure: it
 * reads only the schemas and the emulator's world, so the drift test can compare it with what is committed.
 */
export function generateContract(): Map<string, string> {
  const docs = schemaDocuments();
  const files = new Map<string, string>();
  for (const doc of docs) files.set(doc.path, formatJson(doc.json));
  files.set(REFERENCE_PATH, renderReference(docs, makeExamples()));
  return files;
}
