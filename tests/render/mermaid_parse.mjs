// Reads Mermaid texts as the real mermaid library does, and prints what it made of them.
//
// Usage: node mermaid_parse.mjs NODE_MODULES < [{"id": ..., "text": ...}, ...] (JSON)
// Prints one JSON object per input, in order: the parsed model (title, sections, tasks
// with section, name, score and actors, the actor list) from mermaid's own journey db,
// and the texts of the SVG that mermaid.render draws (title, sections, tasks, legend).
// A text mermaid cannot parse gives {"error": message}. jsdom is the DOM mermaid needs;
// it has no layout, so text measuring (getBBox, getComputedTextLength) answers with a
// size estimated from the text, which only moves boxes, never changes their text.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const nodeModules = resolve(process.argv[2]);
const require = createRequire(join(nodeModules, "noop.js"));
const { JSDOM } = require("jsdom");

const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", { pretendToBeVisual: true });
const { window } = dom;
for (const name of ["window", "document", "navigator", "Element", "HTMLElement", "SVGElement",
  "DOMParser", "Node", "MutationObserver", "getComputedStyle", "CSSStyleSheet"]) {
  Object.defineProperty(globalThis, name, { value: window[name], configurable: true, writable: true });
}
const measure = function () {
  const length = (this.textContent || "").length;
  return { x: 0, y: 0, width: length * 8, height: 16, top: 0, left: 0, right: length * 8, bottom: 16 };
};
window.SVGElement.prototype.getBBox = measure;
window.SVGElement.prototype.getComputedTextLength = function () { return measure.call(this).width; };
window.Element.prototype.getBoundingClientRect = measure;

// mermaid and DOMPurify look for the DOM when they load, so they are imported after it.
const { default: mermaid } = await import(
  pathToFileURL(join(nodeModules, "mermaid", "dist", "mermaid.core.mjs")).href
);
mermaid.initialize({ startOnLoad: false });
const { db } = await mermaid.mermaidAPI.getDiagramFromText("journey\n");

const texts = (element, selector) =>
  [...element.querySelectorAll(selector)].map((node) => node.textContent);

const results = [];
for (const [index, { id, text }] of JSON.parse(readFileSync(0, "utf8")).entries()) {
  try {
    // parse() runs mermaid's whole preprocessing (directives, comments, tag cleanup)
    // and fills the journey db; getTasks() is read once, as the renderer reads it.
    const { diagramType } = await mermaid.parse(text);
    const model = {
      id,
      type: diagramType,
      title: db.getDiagramTitle(),
      sections: [...db.getSections()],
      tasks: db.getTasks().map((t) => ({ section: t.section, name: t.task, score: t.score, actors: t.people })),
      actors: db.getActors(),
    };
    const { svg } = await mermaid.render(`diagram${index}`, text);
    const holder = window.document.createElement("div");
    holder.innerHTML = svg;
    model.svg = {
      title: texts(holder, "svg > text:not(.legend)"),
      sections: texts(holder, "div.journey-section div.label"),
      tasks: texts(holder, "div.task div.label"),
      task_tspans: texts(holder, "text.task"),
      legend: texts(holder, "text.legend"),
      // Every text a reader sees: SVG text and the HTML inside foreignObject.
      all_text: texts(holder, "text, div.label"),
    };
    results.push(model);
  } catch (error) {
    results.push({ id, error: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
