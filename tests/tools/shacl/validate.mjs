// Validates RDF documents against SHACL shapes and prints the report as JSON (one object), for DcatConformanceTests.
// Usage: node validate.mjs --shapes a.ttl b.ttl --extra vocab.ttl --data doc1.ttl doc2.jsonld
// Each data document is validated on its own, with the extra graph (vocabulary facts) added to it.
import rdf from '@zazuko/env-node'
import SHACLValidator from 'rdf-validate-shacl'

const groups = { shapes: [], extra: [], data: [] }
let current = null
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('--')) {
    current = groups[arg.slice(2)]
    if (!current) throw new Error(`unknown option ${arg}`)
  } else {
    current.push(arg)
  }
}

async function load (files) {
  const dataset = rdf.dataset()
  for (const file of files) {
    await dataset.import(rdf.fromFile(file))
  }
  return dataset
}

const shapes = await load(groups.shapes)
const extra = await load(groups.extra)
const validator = new SHACLValidator(shapes, { factory: rdf })
const documents = []
for (const file of groups.data) {
  const data = await load([file])
  const triples = data.size
  for (const quad of extra) data.add(quad)
  const report = await validator.validate(data)
  documents.push({
    file,
    triples,
    conforms: report.conforms,
    results: report.results.map(r => ({
      severity: r.severity ? r.severity.value.split('#').pop() : null,
      focusNode: r.focusNode ? r.focusNode.value : null,
      path: r.path ? r.path.value : null,
      message: r.message.map(m => m.value).join(' / '),
      shape: r.sourceShape ? r.sourceShape.value : null,
      constraint: r.sourceConstraintComponent ? r.sourceConstraintComponent.value.split('#').pop() : null,
      value: r.value ? r.value.value : null
    }))
  })
}
process.stdout.write(JSON.stringify({ documents }))
