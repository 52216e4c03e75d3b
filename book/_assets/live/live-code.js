// Run, edit and restart the page's code in the reader's browser (see book/_ext/live_code.py).
//
// Each visible code cell gets a toolbar: Run, Edit and Restart. Nothing of the runtime loads
// until the first Run: then worker.js starts Python (Pyodide) from this site. Running a cell
// first runs, in order, the page's earlier cells that have not run yet (hidden set-up cells
// too), as the build did. Outputs replace the build's outputs of the cells that ran.
(() => {
  "use strict";
  const dataNode = document.getElementById("nnbook-live-page");
  if (!dataNode) return;
  const page = JSON.parse(dataNode.textContent);
  const script = document.currentScript;
  const staticBase = new URL("../", script ? script.src : document.baseURI + "_static/live/").href;

  let worker = null;
  let ready = null;       // a promise that resolves when Python is up
  let nextId = 0;
  const pending = new Map();  // message id -> {output, resolve}
  const cells = page.cells.map((cell, order) => ({...cell, order, ran: false, element: null}));
  const bars = [];

  // ------------------------------------------------------------------ output areas

  function outputArea(cell) {
    if (!cell.element) return null;
    if (!cell.output) {
      cell.output = document.createElement("div");
      cell.output.className = "live-output";
      cell.output.setAttribute("aria-live", "polite");
      cell.output.setAttribute("aria-label", "Output of the code run in this page");
      cell.element.appendChild(cell.output);
    }
    return cell.output;
  }

  function clearOutput(cell) {
    const area = outputArea(cell);
    if (!area) return;
    area.replaceChildren();
    area.streams = {};
    const built = cell.element.querySelector(":scope > .cell_output");
    if (built) built.hidden = true;  // the build's output gives way to the reader's
  }

  // Printed text: a carriage return without a newline goes back to the line's start
  // (how a progress bar redraws itself).
  function tidy(text) {
    return text.replace(/\r\n/g, "\n").split("\n").map((line) => {
      const at = line.lastIndexOf("\r", line.length - 2);
      return at >= 0 ? line.slice(at + 1).replace(/\r$/, "") : line.replace(/\r$/, "");
    }).join("\n");
  }

  function appendStream(area, name, text) {
    if (!area) return;
    let node = area.streams[name];
    if (!node || node !== area.lastElementChild) {
      node = document.createElement("pre");
      node.className = "live-" + name;
      node.raw = "";
      area.appendChild(node);
      area.streams[name] = node;
    }
    node.raw += text;
    if (!node.scheduled) {
      node.scheduled = true;
      requestAnimationFrame(() => { node.scheduled = false; node.textContent = tidy(node.raw); });
    }
  }

  function appendDisplay(area, bundle) {
    if (!area) return;
    let node;
    if (bundle["image/png"]) {
      node = document.createElement("img");
      node.src = "data:image/png;base64," + bundle["image/png"];
      node.alt = "A picture drawn by this code, just now in your browser";
    } else if (bundle["image/svg+xml"]) {
      node = document.createElement("img");
      node.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(bundle["image/svg+xml"]);
      node.alt = "A drawing made by this code, just now in your browser";
    } else if (bundle["text/html"]) {
      node = document.createElement("div");
      node.className = "live-html";
      node.innerHTML = bundle["text/html"];
    } else {
      node = document.createElement("pre");
      node.className = "live-value";
      node.textContent = bundle["text/markdown"] || bundle["text/latex"] || bundle["text/plain"] || "";
    }
    area.appendChild(node);
  }

  function appendError(area, error) {
    if (!area) return;
    const node = document.createElement("pre");
    node.className = "live-error";
    node.textContent = error.traceback || `${error.ename}: ${error.evalue}`;
    area.appendChild(node);
  }

  // ------------------------------------------------------------------ the worker

  // The status shows on the bar of the cell being run; the other bars stay quiet.
  let activeBar = null;
  function say(text) {
    for (const bar of bars) bar.status.textContent = bar === activeBar || !activeBar ? text : "";
  }

  function startPython() {
    if (ready) return ready;
    if (location.protocol === "file:") {
      return Promise.reject(new Error("Running code needs the book served over http: run `python -m http.server` in _build/html."));
    }
    worker = new Worker(staticBase + "live/worker.js");
    ready = new Promise((resolve, reject) => {
      worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === "status") say(message.text);
        else if (message.type === "ready") { say(`Python is ready (${message.seconds.toFixed(1)} s).`); resolve(); }
        else if (message.type === "failed") reject(new Error(message.text));
        else handle(message);
      };
      worker.onerror = (event) => reject(new Error(event.message || "the Python worker failed to start"));
    });
    worker.postMessage({
      type: "start",
      pyodide: staticBase + "pyodide/",
      static: staticBase,
      live: staticBase + "live/",
      folder: page.folder,
      files: page.files,
      wheels: [staticBase + "wheels/" + page.tqdm, staticBase + page.wheel],
    });
    return ready;
  }

  function handle(message) {
    const job = pending.get(message.id);
    if (!job) return;
    if (message.type === "stream") appendStream(job.output, message.name, message.text);
    else if (message.type === "display") appendDisplay(job.output, message.bundle);
    else if (message.type === "error") { job.error = message.error; appendError(job.errorOutput || job.output, message.error); }
    else if (message.type === "done") { pending.delete(message.id); job.resolve(message.ok); }
  }

  function runOne(cell, errorOutput) {
    if (cell.visible) clearOutput(cell);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, {output: cell.visible ? outputArea(cell) : null, errorOutput: cell.visible ? null : errorOutput, resolve});
      worker.postMessage({type: "run", id, source: cell.source, name: `cell ${cell.order + 1}`});
    });
  }

  let busy = false;
  let session = {};  // replaced by Restart: a run of an older session stops quietly

  async function runUpTo(target) {
    if (busy) {
      target.bar.status.textContent = "Busy: wait for the running cell, or press Restart.";
      return;
    }
    busy = true;
    activeBar = target.bar;
    for (const bar of bars) bar.run.disabled = true;
    const mine = session;
    try {
      await startPython();
      const chain = cells.filter((c) => c.order < target.order && !c.ran && !c.skip);
      for (const [step, cell] of chain.entries()) {
        say(`Running the page's earlier cells first (${step + 1} of ${chain.length})…`);
        const ok = await runOne(cell, outputArea(target));
        if (mine !== session) return;
        cell.ran = true;
        if (!ok && !cell.raises) {
          const area = outputArea(target);
          clearOutput(target);
          appendError(area, {traceback: cell.visible
            ? `An earlier cell of this page (cell ${cell.order + 1}) stopped with an error; see its output above.`
            : "This page's hidden set-up code stopped with an error, so this cell cannot run. Press Restart and try again."});
          say("Stopped: an earlier cell failed.");
          return;
        }
      }
      say("Running…");
      const began = performance.now();
      const ok = await runOne(target);
      if (mine !== session) return;
      target.ran = true;
      say(ok ? `Done in ${((performance.now() - began) / 1000).toFixed(1)} s.` : "Stopped with an error.");
    } catch (error) {
      if (mine !== session) return;
      clearOutput(target);
      appendError(outputArea(target), {traceback: "Python could not start here: " + error.message});
      say("Python could not start.");
      ready = null;
    } finally {
      if (mine === session) {
        busy = false;
        for (const bar of bars) bar.run.disabled = false;
      }
    }
  }

  function restart() {
    if (worker) worker.terminate();
    worker = null;
    ready = null;
    busy = false;
    session = {};
    for (const job of pending.values()) job.resolve(false);
    pending.clear();
    for (const cell of cells) cell.ran = false;
    for (const bar of bars) bar.run.disabled = false;
    say("Restarted: the next Run starts Python afresh.");
  }

  // ------------------------------------------------------------------ editing

  function toggleEdit(cell, bar) {
    const input = cell.element.querySelector(":scope > .cell_input");
    if (!cell.editor) {
      const editor = document.createElement("textarea");
      editor.className = "live-editor";
      editor.spellcheck = false;
      editor.value = cell.source;
      editor.rows = Math.min(40, cell.source.split("\n").length + 1);
      editor.setAttribute("aria-label", "Code of this cell (Shift+Enter runs it)");
      editor.addEventListener("input", () => { cell.source = editor.value; });
      editor.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && event.shiftKey) { event.preventDefault(); runUpTo(cell); }
      });
      input.after(editor);
      cell.editor = editor;
    }
    const editing = !cell.editing;
    cell.editing = editing;
    input.hidden = editing;
    cell.editor.hidden = !editing;
    bar.edit.textContent = editing ? "Done" : "Edit";
    bar.edit.setAttribute("aria-pressed", String(editing));
    if (editing) cell.editor.focus();
    else input.querySelector("pre").textContent = cell.source;
  }

  // ------------------------------------------------------------------ toolbars

  function button(text, label, onClick) {
    const node = document.createElement("button");
    node.type = "button";
    node.className = "live-button";
    node.textContent = text;
    node.setAttribute("aria-label", label);
    node.addEventListener("click", onClick);
    return node;
  }

  function megabytes(bytes) { return (bytes / 1e6).toFixed(0) + " MB"; }

  for (const cell of cells) {
    if (!cell.visible) continue;
    cell.element = document.querySelector(`.cell.live-cell-${cell.index}`);
    if (!cell.element) continue;
    const bar = document.createElement("div");
    bar.className = "live-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Run this code in your browser");
    bar.run = button("▶ Run", "Run this cell here, in your browser", () => runUpTo(cell));
    bar.edit = button("Edit", "Edit this cell's code", () => toggleEdit(cell, bar));
    bar.edit.setAttribute("aria-pressed", "false");
    bar.restart = button("Restart", "Restart the page's Python (stops a long run)", () => { activeBar = bar; restart(); });
    bar.status = document.createElement("span");
    bar.status.className = "live-status";
    bar.status.setAttribute("role", "status");
    bar.append(bar.run, bar.edit, bar.restart, bar.status);
    const input = cell.element.querySelector(":scope > .cell_input");
    (input || cell.element.firstElementChild).after(bar);
    bars.push(bar);
    cell.bar = bar;
  }
  if (bars.length) {
    const sizes = page.sizes || {};
    let note = `Runs here, in your browser. The first Run downloads Python (about ${megabytes(sizes.runtime || 0)}, once)`;
    if (page.mnist && sizes.mnist) note += ` and, when a cell needs them, the MNIST digits (${megabytes(sizes.mnist)})`;
    bars[0].status.textContent = note + ".";
  }
})();
