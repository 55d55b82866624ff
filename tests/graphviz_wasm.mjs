// Lays out DOT from stdin with the current Graphviz (the WebAssembly build of
// @hpcc-js/wasm-graphviz) and prints `-Tplain`: the tests compare its rows with
// those Debian's Graphviz keeps. Run by node with NODE_PATH at the package's node_modules.
import { createRequire } from "module";
import fs from "fs";
const require = createRequire(process.env.NODE_PATH.split(":")[0] + "/");
const { Graphviz } = require("@hpcc-js/wasm-graphviz");
const graphviz = await Graphviz.load();
process.stdout.write(graphviz.layout(fs.readFileSync(0, "utf8"), "plain", "dot"));
