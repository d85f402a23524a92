// Parse a .vcf with ical.js (Mozilla's parser, used by Thunderbird's address book) and print every card
// as JSON: [[name, params, value type, values...], ...] per card. A file it cannot parse exits 1.
// Usage: node icaljs_dump.mjs FILE   (ICALJS = the path of ical.js's module)
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.env.ICALJS).href)).default;
const text = readFileSync(process.argv[2], "utf8");
try {
  let parsed = ICAL.parse(text);
  if (parsed.length && typeof parsed[0] === "string") parsed = [parsed];
  const cards = parsed.map((jcard) => {
    if (jcard[0] !== "vcard") throw new Error(`not a vcard: ${jcard[0]}`);
    return jcard[1];
  });
  process.stdout.write(JSON.stringify(cards));
} catch (error) {
  process.stderr.write(`ical.js: ${error.message}\n`);
  process.exit(1);
}
