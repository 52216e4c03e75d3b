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

  // 2. The widget manager asks MathJax 2 to typeset (MathJax.Hub.Queue); the site runs
  //    MathJax 3, which has typesetPromise instead. Whatever object is stored in
  //    window.MathJax (the page's configuration first, MathJax itself later) gets a small
  //    Hub that translates, and jobs that arrive before MathJax is ready wait for it.
  var waiting = [];
  function typeset(job) {
    if (!Array.isArray(job) || job[0] !== "Typeset" || !job[2]) {
      return;
    }
    var mathjax = current;
    if (mathjax && typeof mathjax.typesetPromise === "function") {
      mathjax.typesetPromise([job[2]]).catch(function () {});
    } else {
      waiting.push(job);
    }
  }
  var hub = { Queue: function () { Array.prototype.forEach.call(arguments, typeset); } };
  function onReady() {
    if (current && current.startup && current.startup.defaultReady) {
      current.startup.defaultReady();
    }
    waiting.splice(0).forEach(typeset);
    if (current && current.startup && current.startup.promise) {
      current.startup.promise.then(markLater);
    }
  }
  var current;
  function adopt(value) {
    current = value;
    if (value && typeof value === "object") {
      value.Hub = hub;
      if (typeof value.typesetPromise !== "function") {  // still a configuration
        value.startup = value.startup || {};
        value.startup.ready = value.startup.ready || onReady;
        keepFormulasOutOfTabOrder(value);
      }
    }
  }

  // 2b. Keyboard users: MathJax's context menu puts every formula in the tab order (its
  //     setting "Include in Tab Order"), so a page with 25 inline formulas needed 25 more Tab
  //     presses to reach its slider. Take them out; screen readers still read each formula
  //     from the hidden MathML that MathJax keeps beside it (its setting "Include Hidden
  //     MathML", left on), and the menu still opens with a right click. A reader's own choice
  //     in that menu, which MathJax stores, still wins. Merged into whatever configuration the
  //     page sets (Sphinx writes one after this script), never replacing it.
  function keepFormulasOutOfTabOrder(config) {
    var options = config.options = config.options || {};
    var menu = options.menuOptions = options.menuOptions || {};
    var settings = menu.settings = menu.settings || {};
    if (settings.inTabOrder === undefined) {
      settings.inTabOrder = false;
    }
    if (settings.assistiveMml === undefined) {
      settings.assistiveMml = true;
    }
  }
  adopt(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: adopt,
  });

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
  //    the reader scrolls a box, resizes the window, or MathJax or a widget draws.
  var SCROLLERS = 'mjx-container[display="true"], .pst-scrollable-table-container, ' +
    ".bd-article pre, .cell_output > .output";
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

  function watch() {
    searchTheArticle();
    labelTocToggles(document);
    labelSliders(document);
    breakLongCode(document);
    markLater();
    new MutationObserver(function (changes) {
      labelSliders(document);
      if (changes.some(function (change) { return change.type === "childList"; })) {
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
