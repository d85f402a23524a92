// Prints {"UID": unix seconds of DTSTART} for every VEVENT of an .ics file, as Mozilla's ical.js reads it
// (the zone of a DTSTART is the calendar's own VTIMEZONE with that TZID).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const starts = {};
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  starts[event.uid] = event.startDate.toUnixTime();
}
process.stdout.write(JSON.stringify(starts));
