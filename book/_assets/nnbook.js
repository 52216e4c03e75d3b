// Small fixes that let the static pages run their widgets with no errors and no CDN.
// Loaded before every other script of a page (see book/_ext/site_assets.py).
(function () {
  "use strict";

  // 1. The widget manager's bundle holds several require.js modules (html-manager,
  //    controls, base...), and each looks for its icon fonts beside its own module URL.
  //    Map all of their names onto our copy, so the fonts come from this site; without the
  //    general "@jupyter-widgets" entry, "@jupyter-widgets/controls" would look for them
  //    beside the page and get 404s.
  var here = document.currentScript && document.currentScript.src;
  if (here) {
    var widgets = new URL("widgets", here).href;
    window.require = { paths: { "@jupyter-widgets/html-manager/dist": widgets, "@jupyter-widgets": widgets } };
  }

  // 2. The formulas are typeset when the site is built (book/_ext/static_maths.py), so no
  //    page runs MathJax: no formula is a tab stop, and screen readers read the hidden MathML
  //    beside each one. The widget manager would ask MathJax to typeset a label only if
  //    window.MathJax existed, and it does not.

  // 3. Screen readers: a widget slider's handle gets the slider's label as its name, and
  //    speaks the value shown beside it ("0.52") rather than its position ("12").
  function labelSliders(root) {
    root.querySelectorAll(".widget-slider").forEach(function (slider) {
      var handle = slider.querySelector(".noUi-handle");
      var label = slider.querySelector(".widget-label");
      var readout = slider.querySelector(".widget-readout");
      if (!handle) {
        return;
      }
      if (label && label.textContent && handle.getAttribute("aria-label") !== label.textContent) {
        handle.setAttribute("aria-label", label.textContent);
      }
      if (readout && readout.textContent && handle.getAttribute("aria-valuetext") !== readout.textContent) {
        handle.setAttribute("aria-valuetext", readout.textContent);
      }
    });
  }
  // 4. Screen readers: the theme's table of contents opens and closes a chapter with a
  //    <summary> that holds only an arrow icon, so it has no name. Name it after its chapter.
  function labelTocToggles(root) {
    root.querySelectorAll(".bd-sidenav details > summary").forEach(function (summary) {
      var link = summary.parentElement.previousElementSibling;
      if (summary.textContent.trim() || summary.getAttribute("aria-label") || !link) {
        return;
      }
      summary.setAttribute("aria-label", "Pages of " + link.textContent.trim());
    });
  }
  // 5. Boxes that scroll sideways: a display formula wider than the screen (nnbook.css lets
  //    it scroll in its own box), a wide table, code, an output. Each side of such a box
  //    with more content beyond it is marked (nnbook-more-left/-right), and the style sheet
  //    fades that side out, the cue that there is more. A formula box that overflows also
  //    becomes a tab stop, so that keyboard users can scroll it with the arrow keys (the
  //    theme does the same for tables and code); one that fits is not. Checked again when
  //    the reader scrolls a box, resizes the window, or a widget draws.
  var SCROLLERS = 'mjx-container[display="true"], .pst-scrollable-table-container, ' +
    ".bd-article pre, .cell_output > .output, .nnbook-frame";
  function markEdges(box) {
    var more = box.scrollWidth - box.clientWidth;
    var left = more > 1 && box.scrollLeft > 1;
    var right = more > 1 && box.scrollLeft < more - 1;
    box.classList.toggle("nnbook-more-left", left);
    box.classList.toggle("nnbook-more-right", right);
  }
  function onBoxScroll(event) {
    markEdges(event.currentTarget);
  }
  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (!box.nnbookWatched && overflows) {
        box.addEventListener("scroll", onBoxScroll, { passive: true });
        box.nnbookWatched = true;
      }
      markEdges(box);
      if (box.tagName === "MJX-CONTAINER") {
        if (overflows) {
          box.setAttribute("tabindex", "0");
        } else if (box.getAttribute("tabindex") === "0") {
          box.setAttribute("tabindex", "-1");
        }
      }
    });
  }
  var markLater = (function () {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(markScrollers, 200);
    };
  })();
  window.addEventListener("resize", markLater);
  window.addEventListener("load", markLater);

  // 5b. Long inline code: Sphinx keeps each piece of inline code on one line, so a long name
  //     such as nnbook.evaluation.confusion_matrix(test_labels, made a phone's page scroll
  //     sideways. Pieces of 20 characters or more may break after a dot, an opening bracket,
  //     a comma or a slash (an invisible <wbr>, so copying gives the same text), and only
  //     there unless a part is still too long for the line (nnbook.css).
  function breakLongCode(root) {
    root.querySelectorAll(".bd-article code.literal span.pre").forEach(function (span) {
      var text = span.textContent;
      if (text.length < 20 || span.classList.contains("nnbook-breakable") || span.children.length) {
        return;
      }
      span.textContent = "";
      text.replace(/([.(,/])/g, "$1\n").split("\n").forEach(function (part, index) {
        if (!part) {
          return;
        }
        if (index) {
          span.appendChild(document.createElement("wbr"));
        }
        span.appendChild(document.createTextNode(part));
      });
      span.classList.add("nnbook-breakable");
    });
  }

  // 6. Printing: every answer (the exercises' dropdowns) and every other closed <details>
  //    of the text opens for the paper, and closes again afterwards. CSS cannot open them.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".bd-article details:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.splice(0).forEach(function (details) {
      details.open = false;
    });
  });

  // 7. Search results: Sphinx shows a few lines of each page found, cut from the page's main
  //    element. Ours begins with the header's menus and the print-only list of the page's
  //    sections, so the lines shown were a string of headings. Cut them from the article's
  //    own text instead (the section that matched, when Sphinx names one).
  function searchTheArticle() {
    if (typeof Search === "undefined" || !Search.htmlToText || Search.nnbookArticleOnly) {
      return;
    }
    var original = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      var page = new DOMParser().parseFromString(htmlString, "text/html");
      var article = page.querySelector('[role="main"] article.bd-article');
      if (!article) {
        return original(htmlString, anchor);
      }
      article.querySelectorAll(".headerlink, script, style, .onlyprint, #jb-print-docs-body")
        .forEach(function (element) { element.remove(); });
      var part = null;
      try {
        part = anchor && article.querySelector(anchor);
      } catch (error) {  // an anchor that is no CSS selector: the whole article
        part = null;
      }
      // one line of plain text; formulas keep their TeX, without its \( \) \[ \] marks
      return ((part || article).textContent || "").replace(/\\[()[\]]/g, "").replace(/\s+/g, " ");
    };
    Search.nnbookArticleOnly = true;
  }


  // 8. The widget manager (3.6 MB, 0.9 MB gzipped, with require.js before it) loads only
  //    when a reader is about to use it: when the reader touches, hovers over or focuses an
  //    interactive figure, scrolls to within a screen of one, presses Tab (the sliders must
  //    be there to take the focus), or prints. Just opening a page never loads it. book/_ext/site_assets.py gives its script tags the type
  //    "nnbook/deferred", which browsers neither run nor fetch; here each becomes a real
  //    script, in page order. The widget manager then draws every widget of the page.
  //    window.nnbookLoadWidgets() does the same at once (the browser tests call it).
  var widgetsAsked = false;
  function loadWidgets() {
    if (widgetsAsked) {
      return;
    }
    widgetsAsked = true;
    // Marked at once, so that whoever waits for the figures (the browser tests) knows they
    // were asked for; the scripts made from these placeholders carry the mark too.
    document.querySelectorAll('script[type="nnbook/deferred"]').forEach(function (waiting) {
      waiting.setAttribute("data-nnbook-loaded", "");
    });
    // The widget state is a file of its own (book/_ext/site_assets.py, move_widget_state):
    // put it into the page first, since the widget manager reads it from there.
    var holders = document.querySelectorAll('script[type="nnbook/widget-state"][data-src]');
    Promise.all(Array.prototype.map.call(holders, function (holder) {
      return fetch(holder.getAttribute("data-src")).then(function (response) {
        if (!response.ok) {
          throw new Error(response.status + " " + response.statusText + " for " + response.url);
        }
        return response.text();
      }).then(function (text) {
        var state = document.createElement("script");
        state.type = "application/vnd.jupyter.widget-state+json";
        state.textContent = text;
        holder.parentNode.replaceChild(state, holder);
      });
    })).then(startWidgetManager, function (error) {
      // The figures keep their still drawings; say why their sliders do not move.
      document.documentElement.setAttribute("data-nnbook-widgets", "unavailable");
      console.warn("The interactive figures could not load their state, so they stay still: " + error.message);
    });
  }
  function startWidgetManager() {
    document.querySelectorAll('script[type="nnbook/deferred"]').forEach(function (waiting) {
      var script = document.createElement("script");
      Array.prototype.forEach.call(waiting.attributes, function (attribute) {
        if (attribute.name !== "type") {
          script.setAttribute(attribute.name, attribute.value);
        }
      });
      script.async = false;  // run in the order they were inserted: require.js first
      script.setAttribute("data-nnbook-loaded", "");
      waiting.parentNode.insertBefore(script, waiting.nextSibling);
    });
  }
  window.nnbookLoadWidgets = loadWidgets;
  // 8b. Until then, each widget shows its still drawing, which the build wrote into the page
  //     from the saved state (book/_ext/site_assets.py, draw_saved_widgets): an interactive
  //     figure as the drawing its slider starts on, with the slider's name and value above it
  //     (touching, hovering over or focusing it loads the widget manager); a finished
  //     progress bar as it ended, for good. When the widget manager draws a widget, it puts
  //     it after ours, and ours goes.
  function dropSavedWidgets() {
    document.querySelectorAll(".nnbook-saved-widget").forEach(function (box) {
      var next = box.nextElementSibling;
      if (next && next.classList.contains("widget-subarea") && next.childElementCount) {
        box.remove();
      }
    });
  }
  function loadWidgetsWhenWanted() {
    var waiting = document.querySelectorAll("[data-nnbook-waiting]");
    if (!document.querySelector('script[type="nnbook/deferred"]') || !waiting.length) {
      return;  // no page widget needs the widget manager (a progress bar is drawn for good)
    }
    if (!("IntersectionObserver" in window)) {
      loadWidgets();
      return;
    }
    ["pointerdown", "pointerenter", "touchstart", "focusin"].forEach(function (name) {
      waiting.forEach(function (box) { box.addEventListener(name, loadWidgets, { once: true, passive: true }); });
    });
    // Once the reader scrolls, a figure less than a screen away loads it too.
    window.addEventListener("scroll", function () {
      var near = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          near.disconnect();
          loadWidgets();
        }
      }, { rootMargin: "100% 0px 100% 0px" });
      waiting.forEach(function (box) { near.observe(box); });
    }, { once: true, passive: true });
    document.addEventListener("keydown", function onKey(event) {
      if (event.key === "Tab") {
        document.removeEventListener("keydown", onKey);
        loadWidgets();
      }
    });
    window.addEventListener("beforeprint", loadWidgets);
  }

  // 9. Phones: a wide figure shrunk to the screen's width shrinks its type with it, to 5 px
  //    in the busiest drawings. A figure is never shown smaller than it needs for its
  //    smallest text to stay about 9 px high (for a picture of a graph, whose type we cannot
  //    read, at least 62% of its drawn size, where matplotlib's 10 pt type is about 8.6 px);
  //    where that is wider than the screen, it scrolls sideways in its own box, which fades
  //    at the side where more lies (5 above). nnbook.css applies the width on phones only.
  var LEGIBLE_PX = 9;
  var PICTURE_SCALE = 0.62;
  function legibleWidth(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width) {
      return 0;
    }
    var smallest = Infinity;
    svg.querySelectorAll("text").forEach(function (text) {
      var size = parseFloat(text.style.fontSize);
      if (size > 0 && size < smallest) {
        smallest = size;
      }
    });
    return smallest === Infinity ? 0 : Math.ceil(box.width * LEGIBLE_PX / smallest);
  }
  function keepFiguresLegible(root) {
    root.querySelectorAll(".nnbook-frame > svg").forEach(function (svg) {
      if (svg.nnbookLegible) {
        return;
      }
      svg.nnbookLegible = true;
      var drawn = parseFloat(svg.style.maxWidth) * 4 / 3 || Infinity;  // max-width is in pt
      var least = Math.min(legibleWidth(svg), drawn);
      if (least > 0) {
        svg.style.setProperty("--nnbook-legible", least + "px");
        svg.classList.add("nnbook-legible");
      }
    });
    root.querySelectorAll('.bd-article figure > img[src*="_images/"], .bd-article .cell_output img').forEach(function (img) {
      function fit() {
        if (img.naturalWidth > 200) {
          img.style.setProperty("--nnbook-legible", Math.round(img.naturalWidth * PICTURE_SCALE) + "px");
          img.classList.add("nnbook-legible");
        }
      }
      if (img.complete) {
        fit();
      } else {
        img.addEventListener("load", fit, { once: true });
      }
    });
  }

  function watch() {
    searchTheArticle();
    labelTocToggles(document);
    labelSliders(document);
    breakLongCode(document);
    keepFiguresLegible(document);
    loadWidgetsWhenWanted();
    markLater();
    new MutationObserver(function (changes) {
      labelSliders(document);
      if (changes.some(function (change) { return change.type === "childList"; })) {
        dropSavedWidgets();
        keepFiguresLegible(document);
        markLater();
      }
    }).observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ["aria-valuenow"],
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
