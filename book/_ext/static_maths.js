// Typeset the book's formulas once, when the site is built, instead of in every reader's browser.
//
// Run by book/_ext/static_maths.py with Node.js. It reads one JSON object on stdin:
//   { "mathjax": "<folder of MathJax's es5 build>", "fontURL": "<placeholder>",
//     "pages": [ [ [tex, display], ... ], ... ] }
// and writes one JSON array on stdout, a record per page, in the same order:
//   { "html": ["<mjx-container ...>", ...], "css": "<the page's style sheet>" }
// or, for a page with a formula MathJax cannot read:
//   { "error": "<the message>", "tex": "<the formula>" }
//
// Each page gets its own style sheet, made from only the characters that page uses (MathJax's
// adaptive CSS): the output's cache is cleared between pages. Every formula carries hidden
// MathML beside its drawing (MathJax's assistive-mml), which is what screen readers read.
"use strict";

const path = require("path");

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

async function main() {
  const request = JSON.parse(await readStdin());
  const MathJax = await require(path.join(request.mathjax, "node-main.js")).init({
    loader: {
      load: ["adaptors/liteDOM", "input/tex", "output/chtml", "a11y/assistive-mml", "[tex]/color"],
    },
    tex: {
      packages: { "[+]": ["color"] },
      // A formula MathJax cannot read must stop the build, not become red text on the page.
      formatError: (jax, error) => {
        throw error;
      },
    },
    chtml: { fontURL: request.fontURL, adaptiveCSS: true },
    startup: { typeset: false },
  });
  const adaptor = MathJax.startup.adaptor;
  const output = MathJax.startup.output;
  const pages = request.pages.map((formulas) => {
    output.clearCache();
    MathJax.startup.document.reset();
    const html = [];
    for (const [tex, display] of formulas) {
      try {
        html.push(adaptor.outerHTML(MathJax.tex2chtml(tex, { display: display })));
      } catch (error) {
        return { error: String((error && error.message) || error), tex: tex };
      }
    }
    return { html: html, css: adaptor.textContent(MathJax.chtmlStylesheet()) };
  });
  process.stdout.write(JSON.stringify(pages));
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exit(1);
});
