// The demos' specs as the server puts them in a page (Demo.as_json, in English), read from
// specs.json; tests/test_demo_spec.py fails when that file and the registry differ.

import { readFileSync } from "node:fs";

export const SPECS = Object.freeze(JSON.parse(readFileSync(new URL("./specs.json", import.meta.url))));
