// Owns src/protocol/generated.ts: the TypeScript types of every wire message, generated from
// ../shared_schema/*.json (the protocol contract). `--check` regenerates in memory and fails
// when the committed file has drifted from the schemas, so CI catches a schema edit that was
// not followed by `npm run gen:types`.
import { readFile, readdir, writeFile } from "node:fs/promises"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { compile } from "json-schema-to-typescript"

const here = dirname(fileURLToPath(import.meta.url))
export const SCHEMA_DIR = join(here, "..", "..", "shared_schema")
export const OUTPUT = join(here, "..", "src", "protocol", "generated.ts")

const HEADER = `/* eslint-disable */
// GENERATED FILE: do not edit. Source: shared_schema/*.json.
// Regenerate with \`npm run gen:types\`; \`npm run check:types\` fails when this file drifts.
`

export async function generate() {
  // Sorted so the output does not depend on directory order.
  const files = (await readdir(SCHEMA_DIR)).filter((f) => f.endsWith(".json")).sort()
  const chunks = []
  for (const file of files) {
    const schema = JSON.parse(await readFile(join(SCHEMA_DIR, file), "utf8"))
    // Test vectors share the folder (library_transitions.json); a schema names its dialect.
    if (!schema.$schema) continue
    // Referenced records (paper.json) are declared once, by their own file, not by every
    // message that points at them.
    const ts = await compile(schema, schema.title ?? file, {
      bannerComment: "",
      cwd: SCHEMA_DIR,
      declareExternallyReferenced: false,
      additionalProperties: false,
      strictIndexSignatures: true,
      format: true,
      style: { semi: false, printWidth: 100 }
    })
    chunks.push(`// ${file}\n${ts.trim()}\n`)
  }
  return `${HEADER}\n${chunks.join("\n")}`
}

async function main() {
  const fresh = await generate()
  const rel = relative(process.cwd(), OUTPUT)
  if (process.argv.includes("--check")) {
    const committed = await readFile(OUTPUT, "utf8").catch(() => "")
    if (committed !== fresh) {
      console.error(
        `${rel} is out of date with shared_schema/*.json.\n` +
          "Run `npm run gen:types` and commit the result."
      )
      process.exit(1)
    }
    console.log(`${rel} matches shared_schema/*.json`)
    return
  }
  await writeFile(OUTPUT, fresh)
  console.log(`wrote ${rel}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main()
}
